import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FlowSettings, SCHEMA_VERSION, type Integration } from '@parley/shared';
import { loadDocument, nodeById, setSelection, useFlowStore } from '../store/flowStore';
import { PropertiesPanel } from '../panels/PropertiesPanel';
import { integrationsApi } from '../integrations/integrationsApi';

const integration = (id: string, name: string, over: Partial<Integration> = {}): Integration => ({
  id,
  name,
  scopes: ['messages:write', 'switchboard'],
  keyHint: 'abcd',
  createdAt: '2026-11-25T00:00:00Z',
  createdBy: 'admin',
  revokedAt: null,
  lastUsedAt: null,
  ...over,
});

function renderStep(data: Record<string, unknown>) {
  loadDocument('bot', {
    schemaVersion: SCHEMA_VERSION,
    id: 'bot',
    name: 'Pass',
    locale: 'en',
    variables: [],
    nodes: [{ id: 'n1', type: 'passToIntegration', position: { x: 0, y: 0 }, data }],
    edges: [],
    settings: FlowSettings.parse({}),
  });
  setSelection(['n1']);
  render(<PropertiesPanel />);
  return { user: userEvent.setup(), data: () => nodeById(useFlowStore.getState().doc, 'n1')!.data };
}

afterEach(() => vi.restoreAllMocks());

describe('the "Pass to integration" form', () => {
  it('offers the integrations that are not revoked, marks one that cannot answer, and stores the chosen id', async () => {
    vi.spyOn(integrationsApi, 'integrations').mockResolvedValue([
      integration('int_a', 'Size Advisor'),
      integration('int_b', 'Reader', { scopes: ['conversations:read'] }),
      integration('int_c', 'Old bot', { revokedAt: '2026-11-20T00:00:00Z' }),
    ]);
    const { user, data } = renderStep({ integrationId: '', message: '', metadata: [] });
    const select = await screen.findByRole('combobox', { name: 'Integration' });
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['', 'Size Advisor', 'Reader (cannot answer: no messages:write)']);
    await user.selectOptions(select, 'int_a');
    expect(data().integrationId).toBe('int_a');
  });

  it('falls back to a typed id when integrations cannot be listed, and says what an empty one does', async () => {
    vi.spyOn(integrationsApi, 'integrations').mockRejectedValue(new Error('forbidden'));
    const { user, data } = renderStep({ integrationId: '', message: '', metadata: [] });
    expect(await screen.findByText('Choose an integration: until then the step goes on through "Unavailable".')).toBeTruthy();
    await user.type(screen.getByLabelText('Integration id'), 'int_9');
    expect(data().integrationId).toBe('int_9');
    await user.click(screen.getByRole('button', { name: 'Add metadata' }));
    await user.type(screen.getByLabelText('Key'), 'plan');
    expect(data().metadata).toEqual([{ key: 'plan', value: '' }]);
  });
});
