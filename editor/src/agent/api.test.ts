import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch } from '../common/test/fetchMock';
import { AgentApi } from './api';

afterEach(() => vi.unstubAllGlobals());

describe('the agent workspace API', () => {
  it('uses the common account session: its account writes carry the CSRF header', async () => {
    const calls = mockFetch(() => [200, { ticket: {} }]);
    await new AgentApi({ kind: 'account', csrf: 'agent-csrf' }).update(5, { priority: 'high' });
    await new AgentApi({ kind: 'account', csrf: 'agent-csrf' }).ticket(5);
    expect(calls.map((c) => c.headers['x-csrf-token'])).toEqual(['agent-csrf', undefined]);
  });
});
