import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setLanguage } from '../i18n';
import { IntegrationsPage } from './IntegrationsPage';
import { delivery, endpoint, fakeIntegrationsServer } from './fakeIntegrationsServer';

afterEach(() => {
  vi.unstubAllGlobals();
  setLanguage('en');
});

const seed = () => ({
  webhooks: [endpoint('wh_1', 'https://a.example.com/hook'), endpoint('wh_2', 'https://b.example.com/hook', { createdAt: '2026-02-01T00:00:00.000Z' })],
  deliveries: {
    wh_1: [
      delivery(7, { type: 'ticket.created', status: 'dead', attempts: 6, responseCode: 502, latencyMs: 1234.4, deliveredAt: null, lastError: 'The receiver answered 502 Bad Gateway' }),
      delivery(8, { responseCode: 200, latencyMs: 87 }),
      delivery(9, { type: 'conversation.started', status: 'pending', attempts: 0, responseCode: null, latencyMs: null, deliveredAt: null, nextAttemptAt: '2026-03-02T09:31:00.000Z' }),
    ],
  },
});

async function openDeliveries(url: string) {
  const user = userEvent.setup();
  const hooks = screen.getByRole('region', { name: 'Webhooks' });
  await within(hooks).findByRole('table');
  const button = within(hooks).getByRole('button', { name: `Deliveries to ${url}` });
  await user.click(button);
  const list = screen.getByRole('region', { name: `Recent deliveries to ${url}` });
  return { user, hooks, button, list };
}

describe('Deliveries', () => {
  it('lists an endpoint’s recent deliveries with status, attempts, response code, latency and last error', async () => {
    const server = fakeIntegrationsServer(seed());
    render(<IntegrationsPage />);
    const { button, list } = await openDeliveries('https://a.example.com/hook');
    expect(button.getAttribute('aria-expanded')).toBe('true');
    // The keyboard lands on the list it opened.
    expect(document.activeElement).toBe(within(list).getByRole('heading'));
    const table = await within(list).findByRole('table');
    expect(server.calls.at(-1)).toMatchObject({ method: 'GET', path: '/api/webhooks/wh_1/deliveries' });
    const cells = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.querySelectorAll('th, td')].slice(0, 5).map((c) => c.textContent).concat(row.querySelectorAll('td')[5]!.textContent));
    expect(cells).toStrictEqual([
      ['ticket.created', 'Failed', '6', '502', '1234 ms', 'The receiver answered 502 Bad Gateway'],
      ['message.created', 'Delivered', '1', '200', '87 ms', '—'],
      ['conversation.started', 'Pending', '0', '—', '—', '—'],
    ]);
    expect(within(table).getByText('Failed').className).toContain('pill--error');
    expect(within(table).getByText('Delivered').className).toContain('pill--success');
    expect(server.problems).toStrictEqual([]);
  });

  it('redelivers one delivery, posting to its own URL, says so, and reads the list again', async () => {
    const server = fakeIntegrationsServer(seed());
    render(<IntegrationsPage />);
    const { user, list } = await openDeliveries('https://a.example.com/hook');
    const table = await within(list).findByRole('table');
    const dead = within(table).getAllByRole('row')[1]!;
    const redeliver = within(dead).getByRole('button', { name: /^Redeliver ticket\.created of / });
    let release!: () => void;
    const original = globalThis.fetch;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith('/redeliver')) await new Promise<void>((resolve) => (release = resolve));
      return original(input, init);
    });
    await user.click(redeliver);
    // While it is on its way: the row says so and no second redelivery can start.
    expect(redeliver.textContent).toBe('Sending…');
    expect(within(table).getAllByRole('button', { name: /^Redeliver / }).every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    release();
    expect(await within(list).findByText('ticket.created queued again: it will be sent shortly.')).toBeTruthy();
    expect(within(list).getByRole('status').textContent).toBe('ticket.created queued again: it will be sent shortly.');
    const posts = server.calls.filter((c) => c.method === 'POST');
    expect(posts).toMatchObject([{ path: '/api/webhooks/wh_1/deliveries/7/redeliver' }]);
    // Read again: the row shows it pending.
    expect(server.calls.at(-1)).toMatchObject({ method: 'GET', path: '/api/webhooks/wh_1/deliveries' });
    expect(await within(dead).findByText('Pending')).toBeTruthy();
    expect(redeliver.textContent).toBe('Redeliver');
    expect(server.problems).toStrictEqual([]);
  });

  it('says when a redelivery is refused, refreshes on demand, and closes back to its button', async () => {
    const server = fakeIntegrationsServer(seed());
    render(<IntegrationsPage />);
    const { user, list, button } = await openDeliveries('https://a.example.com/hook');
    const table = await within(list).findByRole('table');
    server.state.deliveries.wh_1 = server.state.deliveries.wh_1!.filter((d) => d.id !== 8);
    await user.click(within(table).getAllByRole('button', { name: /^Redeliver message\.created/ })[0]!);
    expect((await within(list).findByText(/^message\.created could not be redelivered/)).textContent).toBe(
      'message.created could not be redelivered: Endpoint wh_1 has no delivery 8; it may have been delivered and pruned',
    );
    // A pending delivery is on its way already: nothing to redeliver.
    expect((within(table).getByRole('button', { name: /^Redeliver conversation\.started/ }) as HTMLButtonElement).disabled).toBe(true);

    server.state.deliveries.wh_1!.push(delivery(10, { type: 'ticket.resolved' }));
    const gets = server.calls.filter((c) => c.path === '/api/webhooks/wh_1/deliveries').length;
    await user.click(within(list).getByRole('button', { name: 'Refresh' }));
    expect(await within(list).findByText('ticket.resolved')).toBeTruthy();
    expect(server.calls.filter((c) => c.path === '/api/webhooks/wh_1/deliveries')).toHaveLength(gets + 1);

    await user.click(within(list).getByRole('button', { name: 'Hide deliveries' }));
    expect(screen.queryByRole('region', { name: /^Recent deliveries/ })).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('sends a delivered event anew: a new pending row appears on top', async () => {
    const server = fakeIntegrationsServer(seed());
    render(<IntegrationsPage />);
    const { user, list } = await openDeliveries('https://a.example.com/hook');
    const table = await within(list).findByRole('table');
    await user.click(within(table).getByRole('button', { name: /^Redeliver message\.created/ }));
    expect(await within(list).findByText('message.created queued again: it will be sent shortly.')).toBeTruthy();
    expect(server.calls.filter((c) => c.method === 'POST')).toMatchObject([{ path: '/api/webhooks/wh_1/deliveries/8/redeliver', body: undefined }]);
    await vi.waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(5));
    const top = within(table).getAllByRole('row')[1]!;
    expect(within(top).getByText('message.created')).toBeTruthy();
    expect(within(top).getByText('Pending')).toBeTruthy();
    expect(server.problems).toStrictEqual([]);
  });

  it('shows the empty state for an endpoint nothing was sent to, and Korean labels', async () => {
    setLanguage('ko');
    fakeIntegrationsServer(seed());
    render(<IntegrationsPage />);
    const user = userEvent.setup();
    const hooks = screen.getByRole('region', { name: '웹훅' });
    await within(hooks).findByRole('table');
    await user.click(within(hooks).getByRole('button', { name: 'https://b.example.com/hook 전송 기록' }));
    const list = screen.getByRole('region', { name: 'https://b.example.com/hook 최근 전송 기록' });
    expect(await within(list).findByText('아직 이 엔드포인트로 보낸 기록이 없습니다.')).toBeTruthy();
    await user.click(within(list).getByRole('button', { name: '전송 기록 닫기' }));

    await user.click(within(hooks).getByRole('button', { name: 'https://a.example.com/hook 전송 기록' }));
    const table = await within(screen.getByRole('region', { name: 'https://a.example.com/hook 최근 전송 기록' })).findByRole('table');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toStrictEqual(['이벤트', '상태', '시도', '응답 코드', '응답 시간', '시각', '마지막 오류', '작업']);
    expect(within(table).getByText('실패')).toBeTruthy();
    expect(within(table).getByText('1234ms')).toBeTruthy();
    expect(within(table).getAllByRole('button', { name: /다시 보내기$/ })).toHaveLength(3);
  });
});
