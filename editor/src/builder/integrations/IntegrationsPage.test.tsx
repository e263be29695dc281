import '../test/setup';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setLanguage } from '../i18n';
import { Toaster } from '../app/ui';
import { IntegrationsPage } from './IntegrationsPage';
import { endpoint, fakeIntegrationsServer, integration, KEY, SECRET } from './fakeIntegrationsServer';

let logs: MockInstance[] = [];
beforeEach(() => {
  logs = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
});
afterEach(() => {
  // Keys and secrets never reach the console, whatever happened in the test.
  for (const spy of logs) expect(JSON.stringify(spy.mock.calls)).not.toMatch(/prk_|whsec_/);
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  setLanguage('en');
});

const page = () =>
  render(
    <>
      <IntegrationsPage />
      <Toaster />
    </>,
  );

const region = (name: string) => screen.getByRole('region', { name });

function clipboard() {
  const writeText = vi.fn(async () => undefined);
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  return writeText;
}

describe('Integrations', () => {
  it('creates an integration with scopes and shows its key once, with Copy and a warning, then never again', async () => {
    const server = fakeIntegrationsServer({ integrations: [integration('int_0', 'Old CRM', { revokedAt: '2026-03-02T10:00:00.000Z', lastUsedAt: '2026-03-01T12:00:00.000Z' })] });
    const view = page();
    const user = userEvent.setup();
    const writeText = clipboard();
    const section = region('Integrations');
    await within(section).findByRole('table');

    // Nothing is sent until the form is complete.
    await user.click(within(section).getByRole('button', { name: '+ Create integration' }));
    expect(within(section).getByText('Name the integration.')).toBeTruthy();
    await user.type(within(section).getByLabelText('Integration name'), 'Shop CRM');
    await user.click(within(section).getByRole('button', { name: '+ Create integration' }));
    expect(within(section).getByText('Choose at least one scope.')).toBeTruthy();
    expect(server.calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    // Each scope says what it allows.
    expect(within(section).getByText('Read any conversation’s history, metadata and customer profile')).toBeTruthy();
    await user.click(within(section).getByRole('checkbox', { name: /messages:write/ }));
    await user.click(within(section).getByRole('checkbox', { name: /conversations:read/ }));
    await user.click(within(section).getByRole('button', { name: '+ Create integration' }));

    const panel = await within(section).findByRole('region', { name: 'API key for “Shop CRM”' });
    // In the contract's order, whatever order they were ticked in.
    expect(server.calls.at(-1)).toMatchObject({ method: 'POST', path: '/api/integrations', body: { name: 'Shop CRM', scopes: ['conversations:read', 'messages:write'] } });
    expect(panel.textContent).toContain('You won’t see this key again.');
    const key = within(panel).getByRole('textbox') as HTMLInputElement;
    expect(key.value).toBe(KEY);
    expect(key.readOnly).toBe(true);
    expect(document.activeElement).toBe(key);
    await user.click(within(panel).getByRole('button', { name: 'Copy API key' }));
    expect(writeText).toHaveBeenCalledWith(KEY);
    expect(within(panel).getByRole('status').textContent).toBe('Copied');

    // The list shows the new row with its key's last characters only.
    const rows = within(within(section).getByRole('table')).getAllByRole('row');
    expect(within(rows[1]!).getByRole('rowheader').textContent).toBe('Shop CRM');
    expect(within(rows[1]!).getByText(`…${KEY.slice(-4)}`)).toBeTruthy();
    expect(within(rows[1]!).getAllByRole('listitem').map((li) => li.textContent)).toStrictEqual(['conversations:read', 'messages:write']);
    expect(within(rows[1]!).getByText('Never')).toBeTruthy();
    expect(within(rows[1]!).getByText('Active')).toBeTruthy();
    expect(within(rows[2]!).getByText(/^Revoked /)).toBeTruthy();
    expect(within(rows[2]!).queryByRole('button')).toBeNull();
    // The key is in the panel's box and nowhere else in the page.
    expect(document.body.textContent).not.toContain(KEY);

    await user.click(within(panel).getByRole('button', { name: 'Done, I stored it' }));
    expect(within(section).queryByRole('region')).toBeNull();
    expect(document.body.innerHTML).not.toContain(KEY);
    expect(document.activeElement).toBe(within(section).getByLabelText('Integration name'));

    // Coming back to the page loads the list again: the key is gone for good.
    view.unmount();
    page();
    await screen.findAllByText('Shop CRM');
    expect(document.body.innerHTML).not.toContain(KEY);
    expect(server.problems).toStrictEqual([]);
  });

  it('revokes after confirming, and says so when someone else revoked it first', async () => {
    const server = fakeIntegrationsServer({ integrations: [integration('int_1', 'Shop CRM'), integration('int_2', 'Analytics')] });
    page();
    const user = userEvent.setup();
    const section = region('Integrations');
    await within(section).findByRole('table');
    await user.click(within(section).getByRole('button', { name: 'Revoke Shop CRM' }));
    const confirm = screen.getByRole('dialog', { name: 'Revoke “Shop CRM”?' });
    expect(confirm.textContent).toContain('stops working at once');
    await user.click(within(confirm).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByText('Integration “Shop CRM” revoked')).toBeTruthy();
    expect(server.calls.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/integrations/int_1' });
    expect(within(section).queryByRole('button', { name: 'Revoke Shop CRM' })).toBeNull();

    server.state.integrations[1]!.revokedAt = '2026-03-04T09:00:00.000Z';
    await user.click(within(section).getByRole('button', { name: 'Revoke Analytics' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Revoke' }));
    expect((await within(section).findByRole('alert')).textContent).toContain('This integration is revoked already');
    // The list is read again, so it shows the revocation.
    await vi.waitFor(() => expect(within(section).queryByRole('button', { name: 'Revoke Analytics' })).toBeNull());
    expect(server.problems).toStrictEqual([]);
  });

  it('shows the server’s refusal in the contract’s words, never zod’s text', async () => {
    fakeIntegrationsServer();
    page();
    const user = userEvent.setup();
    const section = region('Integrations');
    expect(await within(section).findByText('No integrations yet.')).toBeTruthy();
    // Over the contract's limit: the server refuses it, and the form shows why.
    await user.type(within(section).getByLabelText('Integration name'), 'Shop');
    await user.click(within(section).getByRole('checkbox', { name: /switchboard/ }));
    vi.stubGlobal('fetch', async () =>
      Response.json(
        { error: { code: 'invalid_request', message: 'Invalid body: ✖ Choose at least one scope → at scopes', details: [{ code: 'too_small', path: ['scopes'], message: 'Choose at least one scope' }] } },
        { status: 400 },
      ),
    );
    await user.click(within(section).getByRole('button', { name: '+ Create integration' }));
    const alert = await within(section).findByRole('alert');
    expect(alert.textContent).toBe('Choose at least one scope.');
    expect(document.body.textContent).not.toContain('✖');
  });
});

describe('Webhooks', () => {
  it('registers an endpoint for grouped events and shows its signing secret once, with the verification hint', async () => {
    const server = fakeIntegrationsServer({
      integrations: [integration('int_1', 'Shop CRM')],
      webhooks: [endpoint('wh_0', 'https://crm.example.com/hooks', { integrationId: 'int_1', events: ['ticket.created', 'ticket.resolved'] })],
    });
    page();
    const user = userEvent.setup();
    const writeText = clipboard();
    const section = region('Webhooks');
    const table = await within(section).findByRole('table');
    const existing = within(table).getAllByRole('row')[1]!;
    expect(await within(existing).findByText('Integration “Shop CRM”')).toBeTruthy();
    expect(within(existing).getByText('Enabled')).toBeTruthy();

    // Events come in groups, each with what it means.
    const groups = within(section).getAllByRole('group').map((g) => g.querySelector('legend')?.textContent);
    expect(groups).toStrictEqual(['Events', 'Conversations', 'Messages', 'Tickets', 'Switchboard', 'Conversions']);
    expect(within(section).getByRole('group', { name: 'Tickets' }).textContent).toContain('A ticket was resolved');

    await user.type(within(section).getByLabelText('Endpoint URL'), 'ftp://example.com');
    await user.click(within(section).getByRole('button', { name: '+ Register endpoint' }));
    expect(within(section).getByText('Use an http(s) address, like https://example.com/parley.')).toBeTruthy();
    await user.clear(within(section).getByLabelText('Endpoint URL'));
    await user.type(within(section).getByLabelText('Endpoint URL'), 'https://hooks.example.com/parley');
    await user.click(within(section).getByRole('button', { name: '+ Register endpoint' }));
    expect(within(section).getByText('Choose at least one event.')).toBeTruthy();
    expect(server.calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    await user.click(within(section).getByRole('checkbox', { name: /message\.created/ }));
    await user.click(within(section).getByRole('checkbox', { name: /conversation\.started/ }));
    await user.click(within(section).getByRole('button', { name: '+ Register endpoint' }));
    const panel = await within(section).findByRole('region', { name: 'Signing secret for https://hooks.example.com/parley' });
    expect(server.calls.at(-1)).toMatchObject({ method: 'POST', path: '/api/webhooks', body: { url: 'https://hooks.example.com/parley', events: ['conversation.started', 'message.created'] } });
    expect(panel.textContent).toContain('You won’t see this secret again.');
    expect(panel.textContent).toContain('X-Parley-Signature: t=…,v1=…');
    expect(panel.textContent).toContain('HMAC-SHA256 of "t.body"');
    const secret = within(panel).getByRole('textbox') as HTMLInputElement;
    expect(secret.value).toBe(SECRET);
    await user.keyboard('{Tab}{Enter}');
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(within(panel).getByRole('status').textContent).toBe('Copied');

    const rows = within(within(section).getByRole('table')).getAllByRole('row');
    expect(within(rows[1]!).getByRole('rowheader').textContent).toBe('https://hooks.example.com/parley');
    expect(within(rows[1]!).getByText('Admin')).toBeTruthy();
    expect(document.body.textContent).not.toContain(SECRET);

    await user.click(within(panel).getByRole('button', { name: 'Done, I stored it' }));
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect(server.problems).toStrictEqual([]);
  });

  it('shows the server’s refusal of a private address in an alert', async () => {
    const server = fakeIntegrationsServer();
    const refusal = 'This URL cannot receive webhooks: 10.0.0.5 is a private address; add it to PARLEY_ALLOW_HOSTS to allow it';
    server.state.refuseWebhook = [400, { error: { code: 'address_refused', message: refusal } }];
    page();
    const user = userEvent.setup();
    const section = region('Webhooks');
    await within(section).findByText('No webhook endpoints yet.');
    await user.type(within(section).getByLabelText('Endpoint URL'), 'http://10.0.0.5/hook');
    await user.click(within(section).getByRole('checkbox', { name: /ticket\.created/ }));
    await user.click(within(section).getByRole('button', { name: '+ Register endpoint' }));
    expect((await within(section).findByRole('alert')).textContent).toBe(refusal);
    expect(within(section).queryByRole('region')).toBeNull();
    // What was typed stays, to be corrected.
    expect((within(section).getByLabelText('Endpoint URL') as HTMLInputElement).value).toBe('http://10.0.0.5/hook');
    expect(server.problems).toStrictEqual([]);
  });

  it('disables and enables an endpoint, and deletes it after confirming', async () => {
    const server = fakeIntegrationsServer({ webhooks: [endpoint('wh_1', 'https://a.example.com/hook')] });
    page();
    const user = userEvent.setup();
    const section = region('Webhooks');
    await within(section).findByRole('table');
    await user.click(within(section).getByRole('button', { name: 'Disable https://a.example.com/hook' }));
    expect(await within(section).findByText('Disabled')).toBeTruthy();
    expect(server.calls.at(-1)).toMatchObject({ method: 'PATCH', path: '/api/webhooks/wh_1', body: { disabled: true } });
    await user.click(within(section).getByRole('button', { name: 'Enable https://a.example.com/hook' }));
    expect(await within(section).findByText('Enabled')).toBeTruthy();
    expect(server.calls.at(-1)).toMatchObject({ method: 'PATCH', path: '/api/webhooks/wh_1', body: { disabled: false } });

    await user.click(within(section).getByRole('button', { name: 'Delete https://a.example.com/hook' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete this endpoint?' });
    expect(confirm.textContent).toContain('https://a.example.com/hook stops receiving events at once');
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect(await within(section).findByText('No webhook endpoints yet.')).toBeTruthy();
    expect(server.calls.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/webhooks/wh_1' });
    expect(server.problems).toStrictEqual([]);
  });

  it('shows a failed load with a retry', async () => {
    let fail = true;
    const server = fakeIntegrationsServer();
    const fake = globalThis.fetch;
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) =>
      fail && String(input).endsWith('/api/webhooks') ? Promise.resolve(Response.json({ error: { code: 'internal', message: 'The database is not reachable' } }, { status: 500 })) : fake(input, init),
    );
    page();
    const user = userEvent.setup();
    const section = region('Webhooks');
    expect((await within(section).findByRole('alert')).textContent).toContain('Webhooks could not be loaded: The database is not reachable');
    fail = false;
    await user.click(within(section).getByRole('button', { name: 'Try again' }));
    expect(await within(section).findByText('No webhook endpoints yet.')).toBeTruthy();
    expect(server.problems).toStrictEqual([]);
  });
});

describe('in Korean', () => {
  it('labels both sections, the forms and the one-time panel in Korean', async () => {
    setLanguage('ko');
    fakeIntegrationsServer({ webhooks: [endpoint('wh_1', 'https://a.example.com/hook')] });
    page();
    const user = userEvent.setup();
    const keys = screen.getByRole('region', { name: '연동' });
    const hooks = screen.getByRole('region', { name: '웹훅' });
    expect(await within(keys).findByText('아직 연동이 없습니다.')).toBeTruthy();
    expect(within(keys).getByRole('group', { name: '권한 범위' })).toBeTruthy();
    expect(within(keys).getByText('모든 대화에 메시지와 메타데이터 보내기')).toBeTruthy();
    await user.type(within(keys).getByLabelText('연동 이름'), '주문 시스템');
    await user.click(within(keys).getByRole('checkbox', { name: /notifications/ }));
    await user.click(within(keys).getByRole('button', { name: '+ 연동 만들기' }));
    const panel = await within(keys).findByRole('region', { name: '“주문 시스템” 연동의 API 키' });
    expect(panel.textContent).toContain('이 키는 다시 볼 수 없습니다.');
    expect(within(panel).getByRole('button', { name: 'API 키 복사' })).toBeTruthy();
    expect(within(panel).getByRole('button', { name: '보관했습니다' })).toBeTruthy();

    await within(hooks).findByRole('table');
    expect(within(hooks).getByRole('group', { name: '티켓' })).toBeTruthy();
    expect(within(hooks).getByRole('button', { name: '+ 엔드포인트 등록' })).toBeTruthy();
    expect(within(hooks).getByText('사용 중')).toBeTruthy();
    expect(within(hooks).getByText('관리자')).toBeTruthy();
    expect(within(hooks).getByRole('button', { name: 'https://a.example.com/hook 전송 기록' })).toBeTruthy();
    expect(within(hooks).getByRole('button', { name: 'https://a.example.com/hook 사용 중지' })).toBeTruthy();
  });
});
