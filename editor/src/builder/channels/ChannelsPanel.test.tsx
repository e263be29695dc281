import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FlowSettings, LineSettings, MetaMessagingSettings, SCHEMA_VERSION, TelegramSettings, WhatsAppSettings, type ChannelName, type ChannelView } from '@parley/shared';
import { mockFetch, type Call } from '../../common/test/fetchMock';
import { setLanguage } from '../i18n';
import { loadDocument } from '../store/flowStore';
import { SettingsDialog } from '../panels/SettingsDialog';
import { ChannelsPanel } from './ChannelsPanel';
import { SECRET_MASK } from './channelFields';

afterEach(() => {
  vi.unstubAllGlobals();
  setLanguage('en');
});

const BOT = 'order-support';
const ORIGIN = 'https://bots.example.com';
const LIST = `/api/bots/${BOT}/channels`;

const view = (channel: ChannelName, settings: Record<string, string>, extra: Partial<ChannelView> = {}): ChannelView => ({
  channel,
  botId: BOT,
  settings,
  webhookUrl: `${ORIGIN}/api/channels/${channel}/${BOT}/webhook`,
  updatedAt: '2026-03-01T10:00:00.000Z',
  status: 'connected',
  broken: null,
  lastDeliveryError: null,
  ...extra,
});

const whatsapp = view(
  'whatsapp',
  { accessToken: SECRET_MASK, phoneNumberId: '1234567890', appSecret: SECRET_MASK, verifyToken: SECRET_MASK, templateLanguage: 'en_US', apiBase: 'https://graph.facebook.com', apiVersion: 'v21.0' },
  { status: 'broken', broken: { reason: 'WhatsApp refused the access token (401 OAuthException)', at: '2026-03-02T09:00:00.000Z' } },
);
const messenger = view(
  'messenger',
  { pageAccessToken: SECRET_MASK, appSecret: SECRET_MASK, verifyToken: SECRET_MASK, apiBase: 'https://graph.facebook.com', apiVersion: 'v21.0' },
  { status: 'failing', lastDeliveryError: { deliveryId: 41, at: '2026-03-03T08:30:00.000Z', error: 'Messenger answered 500: temporarily unavailable' } },
);
const line = view('line', { channelAccessToken: SECRET_MASK, channelSecret: SECRET_MASK, apiBase: 'https://api.line.me' });

/** The runtime's schemas and secret fields (runtime/src/channels/*.ts secretFields), as the PUT route applies them. */
const RUNTIME = {
  telegram: { schema: TelegramSettings, secrets: ['botToken', 'secretToken'] },
  whatsapp: { schema: WhatsAppSettings, secrets: ['accessToken', 'appSecret', 'verifyToken'] },
  messenger: { schema: MetaMessagingSettings, secrets: ['pageAccessToken', 'appSecret', 'verifyToken'] },
  instagram: { schema: MetaMessagingSettings, secrets: ['pageAccessToken', 'appSecret', 'verifyToken'] },
  line: { schema: LineSettings, secrets: ['channelAccessToken', 'channelSecret'] },
} as const;

type Omittable = { omit(mask: Record<string, true>): { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } } };

/** What the runtime's PUT route would refuse in a body the panel sent: the mask only for a saved secret, the rest valid. */
function checkPut(channel: ChannelName, body: Record<string, string>, saved: ChannelView | undefined): string[] {
  const { schema, secrets } = RUNTIME[channel];
  const masked = Object.keys(body).filter((k) => body[k] === SECRET_MASK);
  const out = masked.filter((k) => !(secrets as readonly string[]).includes(k) || saved?.settings[k] !== SECRET_MASK).map((k) => `${channel}.${k} is the mask but no ${k} is saved`);
  // The route puts the saved value in the mask's place; the rest must pass the schema as sent.
  const typed = Object.fromEntries(Object.entries(body).filter(([k]) => !masked.includes(k)));
  const result = (schema as unknown as Omittable).omit(Object.fromEntries(masked.map((k) => [k, true]))).safeParse(typed);
  if (!result.success) out.push(...result.error!.issues.map((i) => `${channel}.${i.path.map(String).join('.')}: ${i.message}`));
  return out;
}

/**
 * A fake of the channels API: GET lists, PUT answers what `put` says (by default: saved, secrets masked again). Every
 * PUT body is checked as the runtime would and anything it would refuse lands in `problems`.
 */
function server(channels: ChannelView[], put?: (call: Call) => [number, unknown]): Call[] & { problems: string[] } {
  const problems: string[] = [];
  const calls = mockFetch((c) => {
    if (c.method === 'GET' && c.path === LIST) return [200, { channels }];
    const m = /^\/api\/bots\/order-support\/channels\/(\w+)$/.exec(c.path);
    if (c.method === 'PUT' && m) {
      const channel = m[1] as ChannelName;
      problems.push(...checkPut(channel, c.body as Record<string, string>, channels.find((v) => v.channel === channel)));
      if (put) return put(c);
      const settings = Object.fromEntries(Object.entries(c.body as Record<string, string>).map(([k, v]) => [k, /token|secret/i.test(k) ? SECRET_MASK : v]));
      return [200, { channel: view(channel, settings, { updatedAt: '2026-03-04T12:00:00.000Z' }) }];
    }
    return undefined;
  });
  return Object.assign(calls, { problems });
}

const card = (name: string) => screen.getByRole('article', { name });
const puts = (calls: Call[]) => calls.filter((c) => c.method === 'PUT');

describe('channels panel', () => {
  it('shows every platform with its status, why a broken one stopped, the last delivery error, and how to connect the rest', async () => {
    server([whatsapp, messenger, line]);
    render(<ChannelsPanel botId={BOT} />);
    expect(screen.getByRole('status').textContent).toContain('Loading channels');
    await screen.findByRole('article', { name: 'Telegram' });

    expect(within(card('LINE')).getByText('Connected')).toBeTruthy();
    expect(within(card('Messenger')).getByText('Failing')).toBeTruthy();
    expect(within(card('WhatsApp')).getByText('Broken')).toBeTruthy();
    expect(within(card('Telegram')).getByText('Not set up')).toBeTruthy();
    expect(within(card('Instagram')).getByText('Not set up')).toBeTruthy();

    const broken = within(card('WhatsApp')).getByText('Sending stopped').parentElement!;
    expect(broken.textContent).toContain('WhatsApp refused the access token (401 OAuthException)');
    expect(broken.querySelector('time')?.getAttribute('dateTime')).toBe('2026-03-02T09:00:00.000Z');
    // A broken channel opens by itself: saving it again is the way out.
    expect(within(card('WhatsApp')).getByRole('button', { name: 'Hide WhatsApp settings' }).getAttribute('aria-expanded')).toBe('true');
    const failed = within(card('Messenger')).getByText('Last delivery error').parentElement!;
    expect(failed.textContent).toContain('Messenger answered 500: temporarily unavailable');
    expect(failed.querySelector('time')?.getAttribute('dateTime')).toBe('2026-03-03T08:30:00.000Z');
    expect(within(card('LINE')).queryByText('Last delivery error')).toBeNull();

    expect((within(card('LINE')).getByLabelText('Webhook URL') as HTMLInputElement).value).toBe(`${ORIGIN}/api/channels/line/${BOT}/webhook`);

    // A channel not set up: its address on the server's public origin (from a saved channel), and three steps.
    const user = userEvent.setup();
    const telegram = card('Telegram');
    await user.click(within(telegram).getByRole('button', { name: 'Set up Telegram' }));
    const url = `${ORIGIN}/api/channels/telegram/${BOT}/webhook`;
    expect((within(telegram).getByLabelText('Webhook URL') as HTMLInputElement).value).toBe(url);
    const steps = within(telegram).getByRole('region', { name: 'How to connect Telegram' });
    expect(within(steps).getAllByRole('listitem')).toHaveLength(3);
    expect(steps.textContent).toContain('@BotFather');
    expect(within(steps).getByLabelText('Command').textContent).toBe(
      `curl -X POST "https://api.telegram.org/bot<BOT_TOKEN>/setWebhook" --data-urlencode "url=${url}" -d "secret_token=<SECRET_TOKEN>"`,
    );
    // Its form: secrets as password boxes, labelled; the API address under "Advanced", with its default.
    expect((within(telegram).getByLabelText('Bot token') as HTMLInputElement).type).toBe('password');
    expect((within(telegram).getByLabelText('Secret token') as HTMLInputElement).type).toBe('password');
    const advanced = within(telegram).getByRole('button', { name: /Advanced/ });
    expect(advanced.getAttribute('aria-expanded')).toBe('false');
    await user.click(advanced);
    const apiBase = within(telegram).getByLabelText('API address') as HTMLInputElement;
    expect(apiBase.value).toBe('https://api.telegram.org');
    expect(apiBase.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(apiBase.getAttribute('aria-describedby')!)!.textContent).toContain('Default: https://api.telegram.org');
  });

  it('copies the webhook URL from the keyboard and announces it', async () => {
    server([line]);
    render(<ChannelsPanel botId={BOT} />);
    const user = userEvent.setup();
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const copy = await screen.findByRole('button', { name: 'Copy the LINE webhook URL' });
    copy.focus();
    await user.keyboard('{Enter}');
    expect(writeText).toHaveBeenCalledWith(`${ORIGIN}/api/channels/line/${BOT}/webhook`);
    const live = within(card('LINE')).getAllByRole('status').find((s) => s.getAttribute('aria-live') === 'polite')!;
    expect(live.textContent).toBe('Copied');
  });

  it('saves with the mask for untouched secrets and the typed value for replaced ones, then shows the saved state', async () => {
    const calls = server([whatsapp, messenger, line]);
    render(<ChannelsPanel botId={BOT} />);
    const user = userEvent.setup();
    const lineCard = await screen.findByRole('article', { name: 'LINE' });
    await user.click(within(lineCard).getByRole('button', { name: 'Edit LINE settings' }));
    const token = within(lineCard).getByLabelText('Channel access token') as HTMLInputElement;
    const secret = within(lineCard).getByLabelText('Channel secret') as HTMLInputElement;
    expect(token.value).toBe(SECRET_MASK);
    expect(document.getElementById(token.getAttribute('aria-describedby')!.split(' ')[0]!)!.textContent).toContain('leave it as it is to keep it');

    // Focusing a saved secret selects the mask, so typing replaces it rather than adding to it.
    const newSecret = '0123456789abcdef0123456789abcdef';
    await user.click(secret);
    await user.keyboard(newSecret);
    expect(secret.value).toBe(newSecret);
    await user.click(within(lineCard).getByRole('button', { name: 'Save LINE settings' }));

    expect(await within(lineCard).findByText('✓ LINE settings saved')).toBeTruthy();
    expect(puts(calls)).toEqual([
      expect.objectContaining({ path: `/api/bots/${BOT}/channels/line`, body: { channelAccessToken: SECRET_MASK, channelSecret: newSecret, apiBase: 'https://api.line.me' } }),
    ]);
    // The answer's masks replace what was typed, and the typed secret is nowhere in the page's text.
    expect(secret.value).toBe(SECRET_MASK);
    expect(document.body.textContent).not.toContain(newSecret);
    expect(within(lineCard).getByText(/^Settings saved /)).toBeTruthy();
    expect(calls.problems).toEqual([]);
  });

  it('checks a new channel before sending, then saves it: empty optional fields left out, defaults sent', async () => {
    const calls = server([line]);
    render(<ChannelsPanel botId={BOT} />);
    const user = userEvent.setup();
    const wa = await screen.findByRole('article', { name: 'WhatsApp' });
    await user.click(within(wa).getByRole('button', { name: 'Set up WhatsApp' }));
    await user.click(within(wa).getByRole('button', { name: 'Save WhatsApp settings' }));
    expect(puts(calls)).toHaveLength(0);
    const access = within(wa).getByLabelText('Access token');
    expect(access.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(access);
    expect(within(wa).getAllByText('Fill in this field.')).toHaveLength(4);

    const paste = async (label: string, value: string) => {
      const box = within(wa).getByLabelText(label);
      await user.clear(box);
      await user.paste(value);
    };
    await paste('Access token', 'EAAG'.padEnd(40, 'x'));
    await paste('Phone number ID', '10987654321');
    await paste('App secret', 'abcdef0123456789abcdef0123456789');
    await paste('Verify token', 'has spaces in it');
    await user.click(within(wa).getByRole('button', { name: 'Save WhatsApp settings' }));
    expect(puts(calls)).toHaveLength(0);
    expect(within(wa).getByText('Use 8 to 200 visible characters, without spaces.')).toBeTruthy();

    await paste('Verify token', 'parley-verify-2026');
    await user.click(within(wa).getByRole('button', { name: 'Save WhatsApp settings' }));
    expect(await within(wa).findByText('✓ WhatsApp settings saved')).toBeTruthy();
    expect(puts(calls)[0]!.body).toEqual({
      accessToken: 'EAAG'.padEnd(40, 'x'),
      phoneNumberId: '10987654321',
      appSecret: 'abcdef0123456789abcdef0123456789',
      verifyToken: 'parley-verify-2026',
      templateLanguage: 'en_US',
      apiBase: 'https://graph.facebook.com',
      apiVersion: 'v21.0',
    });
    expect(within(wa).getByText('Connected')).toBeTruthy();
    expect(calls.problems).toEqual([]);
  });

  it('shows the server’s 400 beside the form and the field, in the schema’s words rather than zod’s layout', async () => {
    const message = 'The secret token must be 16 to 256 letters, digits, _ or - (Telegram allows only those)';
    const calls = server([], () => [
      400,
      { error: { code: 'invalid_request', message: `Invalid body: ✖ ${message} → at secretToken`, details: [{ code: 'invalid_format', path: ['secretToken'], message }] } },
    ]);
    render(<ChannelsPanel botId={BOT} />);
    const user = userEvent.setup();
    const writeText = vi.fn(async (_text: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    expect(await screen.findByText('No channel is set up yet. Choose a platform below to connect it.')).toBeTruthy();
    const tg = card('Telegram');
    await user.click(within(tg).getByRole('button', { name: 'Set up Telegram' }));
    await user.click(within(tg).getByLabelText('Bot token'));
    await user.paste('123456789:AAbbccddeeffgghhiijjkkll');
    await user.click(within(tg).getByRole('button', { name: 'Generate and copy (Secret token)' }));
    const generated = writeText.mock.calls[0]![0];
    expect(generated).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await user.click(within(tg).getByRole('button', { name: 'Save Telegram settings' }));

    const alert = await within(tg).findByRole('alert');
    expect(alert.textContent).toBe(message);
    expect(alert.textContent).not.toContain('✖');
    const secret = within(tg).getByLabelText('Secret token');
    expect(secret.getAttribute('aria-invalid')).toBe('true');
    expect(puts(calls)[0]!.body).toEqual({ botToken: '123456789:AAbbccddeeffgghhiijjkkll', secretToken: generated, apiBase: 'https://api.telegram.org' });
    expect(document.body.textContent).not.toContain(generated);
    // The fake answered 400 on purpose; the runtime's own schema accepts what was sent.
    expect(calls.problems).toEqual([]);
    expect(within(tg).getByRole('button', { name: 'Save Telegram settings' })).toHaveProperty('disabled', false);
  });

  it('shows a 400 without field details as the server wrote it', async () => {
    const message = 'Invalid body: botToken is the mask, but no botToken is saved yet; type the real value';
    server([line], () => [400, { error: { code: 'invalid_request', message } }]);
    render(<ChannelsPanel botId={BOT} />);
    const user = userEvent.setup();
    const lineCard = await screen.findByRole('article', { name: 'LINE' });
    await user.click(within(lineCard).getByRole('button', { name: 'Edit LINE settings' }));
    await user.click(within(lineCard).getByRole('button', { name: 'Save LINE settings' }));
    expect((await within(lineCard).findByRole('alert')).textContent).toBe(message);
  });

  it('offers a retry when the list fails', async () => {
    let fail = true;
    mockFetch((c) => (c.path === LIST ? (fail ? [500, { error: { code: 'internal', message: 'The database is not answering' } }] : [200, { channels: [line] }]) : undefined));
    render(<ChannelsPanel botId={BOT} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The channels could not be loaded: The database is not answering');
    fail = false;
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('article', { name: 'LINE' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('speaks Korean under ko', async () => {
    setLanguage('ko');
    server([whatsapp, messenger, line]);
    render(<ChannelsPanel botId={BOT} />);
    const user = userEvent.setup();
    const tg = await screen.findByRole('article', { name: '텔레그램' });
    expect(within(card('LINE')).getByText('연결됨')).toBeTruthy();
    expect(within(card('WhatsApp')).getByText('연결 끊김')).toBeTruthy();
    expect(within(card('Messenger')).getByText('전송 오류')).toBeTruthy();
    expect(within(card('Messenger')).getByText('마지막 전송 오류')).toBeTruthy();
    expect(within(tg).getByText('설정 안 됨')).toBeTruthy();
    await user.click(within(tg).getByRole('button', { name: '텔레그램 설정하기' }));
    expect(within(tg).getByLabelText('웹훅 URL')).toBeTruthy();
    expect(within(tg).getByLabelText('봇 토큰')).toBeTruthy();
    expect(within(tg).getByRole('region', { name: '텔레그램 연결 방법' })).toBeTruthy();
    expect(within(tg).getByRole('button', { name: '텔레그램 설정 저장' })).toBeTruthy();
  });
});

describe('bot settings dialog', () => {
  it('keeps the widget settings where they were and adds Channels as a tab, loaded when first opened', async () => {
    loadDocument(BOT, { schemaVersion: SCHEMA_VERSION, id: BOT, name: 'S', locale: 'en', variables: [], nodes: [], edges: [], settings: FlowSettings.parse({}) });
    const calls = server([line]);
    render(<SettingsDialog botId={BOT} onClose={() => undefined} />);
    const user = userEvent.setup();
    expect(screen.getByRole('tab', { name: 'Language and widget' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByLabelText('Colour (hex)')).toBeTruthy();
    expect(calls).toHaveLength(0);

    await user.type(screen.getByLabelText(/Greeting under the title/), 'Hi');
    screen.getByRole('tab', { name: 'Language and widget' }).focus();
    await user.keyboard('{ArrowRight}');
    const tab = screen.getByRole('tab', { name: 'Channels' });
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tab);
    expect(await screen.findByRole('article', { name: 'LINE' })).toBeTruthy();
    expect(screen.getByRole('tabpanel', { name: 'Channels' })).toBeTruthy();
    // An unapplied widget edit is still there, and still needs Apply.
    expect(screen.getByRole('button', { name: 'Apply' })).toBeTruthy();
    await user.keyboard('{ArrowLeft}');
    expect((screen.getByLabelText(/Greeting under the title/) as HTMLInputElement).value).toBe('Hi');
  });
});
