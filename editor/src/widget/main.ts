import { Api, type BotInfo } from './api';
import { ChatWidget, mark } from './widget';
import { pickLocale, translator } from './i18n';
import { recordPageView } from './visitor';
import { session } from './storage';
import { resumeFromEmailLink } from './emailLink';
import { installCommands } from './commands';
import { tapMessages, tapOpenClose } from './commandEvents';
import { track } from './track';

/**
 * The embed: `<script src="https://HOST/widget.js" data-bot="BOT_ID" async></script>`. The API is the script's own
 * origin, so one tag is all a site needs. The page drives it with commands, `Parley('open')` (commands.ts), or
 * `window.ParleyWidget.open()` / `.close()`, and `data-identity` / `Parley('identify', jwt)` name a signed-in customer.
 */
mark('parley:script');

// Read now: currentScript is only set while this script's top level runs.
const script =
  (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-bot][src*="widget.js"]');

let widget: ChatWidget | null = null;
let pending: 'open' | 'close' | null = null;

export function open(): void {
  if (widget) widget.open();
  else pending = 'open';
}

export function close(): void {
  if (widget) widget.close();
  else pending = 'close';
}

let identity: string | undefined;

/**
 * For a signed-in customer: the host page's JWT (see the runtime's PARLEY_JWT_* settings), so their conversation
 * follows them across devices. Call before the script loads (as `data-identity`) or soon after, before the chat opens.
 */
export function identify(token: string): void {
  identity = token;
  widget?.setIdentity(token);
}

/** For single-page sites that remove the chat when leaving a page. */
export function destroy(): void {
  if (!widget) return;
  widget.destroy();
  booted().delete(widget.botId);
  widget = null;
}

// Commands queued by the page's stub before this script loaded run now; `on` handlers are in place before boot.
const commands = installCommands(window, {
  open,
  close,
  identify,
  destroy,
  track: (event, props) =>
    script?.dataset.bot ? track(new URL(script.src, location.href).origin, script.dataset.bot, event, props) : Promise.reject(new Error('no data-bot on the script tag')),
});
const emit = commands.emit.bind(commands);

function booted(): Set<string> {
  return ((window as unknown as { __parleyBooted?: Set<string> }).__parleyBooted ??= new Set());
}

async function boot(): Promise<void> {
  const botId = script?.dataset.bot;
  if (!script || !botId) {
    console.warn('[parley] widget.js needs a data-bot attribute on its <script> tag');
    return;
  }
  // A page that includes the tag twice still gets one launcher; the flag is set before any await so both copies see it.
  if (booted().has(botId)) return;
  booted().add(botId);
  const api = new Api(new URL(script.src, location.href).origin);
  tapMessages(api, emit);
  recordPageView();

  let bot: BotInfo | undefined;
  // The settings request is retried a few times: a launcher that never appears is a lost customer.
  for (let attempt = 0; !bot; attempt++) {
    try {
      bot = await api.bot(botId);
    } catch (e) {
      const status = (e as { status?: number }).status ?? 0;
      if ((status >= 400 && status < 500) || attempt >= 4) {
        console.warn(`[parley] bot "${botId}" is not available`, e);
        return;
      }
      await new Promise((r) => setTimeout(r, 1000 * 2 ** attempt));
    }
  }
  if (!document.body) await new Promise((r) => document.addEventListener('DOMContentLoaded', r, { once: true }));

  if (await resumeFromEmailLink(api, bot.id)) pending = 'open';
  widget = new ChatWidget(api, bot, translator(pickLocale(bot.locale, navigator.language)));
  tapOpenClose(widget, emit);
  mark('parley:ready');
  // Restoring first: it knows synchronously whether a conversation exists, so opening does not start a second one.
  void widget.restore(identity ?? script.dataset.identity);
  if (pending === 'open') widget.open();

  const p = bot.widget.proactive;
  const nudgedKey = `parley:${bot.id}:nudged`;
  if (p.enabled && p.text && location.href.includes(p.urlContains) && !session.get(nudgedKey)) {
    setTimeout(() => {
      if (!widget) return;
      widget.showNudge(p.text);
      session.set(nudgedKey, true);
    }, p.afterSeconds * 1000);
  }
}

void boot();
