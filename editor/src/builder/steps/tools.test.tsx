import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FlowSettings, SCHEMA_VERSION, type StepKind } from '@parley/shared';
import { loadDocument, nodeById, setSelection, useFlowStore } from '../store/flowStore';
import { PropertiesPanel } from '../panels/PropertiesPanel';
import { variableFromPath } from './apiCall';

function open(kind: StepKind, data: Record<string, unknown>) {
  loadDocument('bot', {
    schemaVersion: SCHEMA_VERSION,
    id: 'bot',
    name: 'Tools',
    locale: 'en',
    variables: [],
    nodes: [{ id: 'n1', type: kind, position: { x: 0, y: 0 }, data }],
    edges: [],
    settings: FlowSettings.parse({}),
  });
  setSelection(['n1']);
  render(<PropertiesPanel />);
  return { user: userEvent.setup(), data: () => nodeById(useFlowStore.getState().doc, 'n1')!.data };
}

function mockFetch(body: unknown, status = 200) {
  const fetch = vi.fn(async (_url: string, _init?: RequestInit) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('apiCall: test request', () => {
  it('sends the step with the sample values, shows the response and maps a clicked path to a variable', async () => {
    const fetch = mockFetch({
      trace: { ok: true, status: 200, ms: 42.4, url: 'https://shop.test/orders/10001', response: { order: { status: 'shipped' } } },
      paths: [{ path: 'order.status', value: 'shipped' }],
    });
    const { user, data } = open('apiCall', { method: 'GET', url: 'https://shop.test/orders/{{order_number}}', headers: [], body: '', timeoutMs: 5000, mappings: [] });
    await user.type(screen.getByLabelText('Sample value for order_number'), '10001');
    await user.click(screen.getByRole('button', { name: 'Test request' }));

    expect(await screen.findByText('HTTP 200 in 42 ms')).toBeTruthy();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/tools/api-call');
    expect(JSON.parse(String(init!.body))).toEqual({ step: data(), vars: { order_number: '10001' }, botId: 'bot', nodeId: 'n1' });
    expect(screen.getByText(/"status": "shipped"/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Save order.status in a variable' }));
    expect(data().mappings).toEqual([{ path: 'order.status', variable: 'order_status' }]);
    expect(screen.getByText('Mapped order.status to order_status')).toBeTruthy();
  });

  it('shows why a request failed', async () => {
    mockFetch({ trace: { ok: false, error: 'Timed out', ms: 5000, url: 'https://shop.test/slow' }, paths: [] });
    const { user } = open('apiCall', { method: 'GET', url: 'https://shop.test/slow' });
    await user.click(screen.getByRole('button', { name: 'Test request' }));
    expect(await screen.findByText('Failed after 5000 ms: Timed out')).toBeTruthy();
  });

  it('names variables after response paths', () => {
    expect(variableFromPath('$.items[0].name')).toBe('items_0_name');
    expect(variableFromPath('["x-y"]')).toBe('x_y');
    expect(variableFromPath('0.total')).toBe('v_0_total');
  });
});

describe('articles: import help-center articles', () => {
  it('reads a Zendesk export and shows how many were created and updated', async () => {
    const fetch = mockFetch({ created: 2, updated: 1, total: 7 });
    const { user } = open('articles', { query: '{{last_message}}', limit: 3, locale: '', intro: '', question: '' });
    const articles = [{ id: 1, title: 'Returns', body: '<p>How to return</p>', html_url: 'https://help.test/1', locale: 'en-us' }];
    const file = new File([JSON.stringify({ articles, count: 1 })], 'articles.json', { type: 'application/json' });
    await user.upload(screen.getByLabelText('Import help-center articles', { selector: 'input' }), file);

    expect(await screen.findByText('Imported: 2 new, 1 updated (7 in total).')).toBeTruthy();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/articles/import');
    expect(JSON.parse(String(init!.body))).toEqual({ articles });
  });

  it('says so when the file has no articles', async () => {
    mockFetch({});
    const { user } = open('articles', { query: 'x' });
    const file = new File([JSON.stringify({ hello: 'world' })], 'other.json', { type: 'application/json' });
    await user.upload(screen.getByLabelText('Import help-center articles', { selector: 'input' }), file);
    expect(await screen.findByText('This file has no “articles” list.')).toBeTruthy();
  });
});
