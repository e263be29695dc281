import { afterEach, describe, expect, it, vi } from 'vitest';

describe('builder i18n start-up', () => {
  afterEach(() => vi.restoreAllMocks());

  it('logs nothing to the console while it initialises', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.resetModules();
    const { i18n } = await import('./index');
    expect(i18n.isInitialized).toBe(true);
    expect([...info.mock.calls, ...log.mock.calls].flat().join(' ')).not.toMatch(/i18next|locize/i);
  });
});
