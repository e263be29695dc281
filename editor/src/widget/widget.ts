import type { Button, ConversationStatus, CustomerMessageRequest, Message } from '@parley/shared';
import { Api, ApiFailure, type BotInfo } from './api';
import { h, icon, ICON_CHAT, ICON_CLOSE, ICON_SEND } from './dom';
import { LiveStream } from './live';
import { renderMessage } from './render';
import { local, randomId, session } from './storage';
import { css } from './styles';
import { describeVisitor } from './visitor';
import type { Key, Translate } from './i18n';
import { safeImageUrl } from '../common/links';

interface ThreadRef {
  id: string;
  token: string;
}

/** One conversation as this widget holds it: what it has seen, by seq, and where it is drawn. */
interface Thread extends ThreadRef {
  status: ConversationStatus;
  messages: Map<number, Message>;
  /** Every seq up to here is held; resuming asks for what comes after it, so a gap is re-fetched rather than skipped. */
  watermark: number;
  section: HTMLElement;
  list: HTMLElement;
  live: LiveStream | null;
}

type SendState = 'queued' | 'sending' | 'slow' | 'failed';

/** A customer message not yet confirmed by the server. It stays on screen until it is stored, or the customer removes it. */
interface Outgoing {
  localId: string;
  request: CustomerMessageRequest;
  state: SendState;
  error?: string | undefined;
  /** The thread it went to and that thread's watermark then: a stored copy must come after this. */
  threadId?: string | undefined;
  after?: number | undefined;
  el: HTMLElement;
}

/** Older conversations kept on screen above the current one. */
const MAX_THREADS = 5;
const SLOW_MS = 3000;
const UNREACHABLE_GRACE_MS = 4000;

const INPUT_TYPES: Record<string, { type: string; placeholder: Key; autocomplete?: string; inputmode?: string }> = {
  text: { type: 'text', placeholder: 'placeholder' },
  email: { type: 'email', placeholder: 'placeholderEmail', autocomplete: 'email' },
  phone: { type: 'tel', placeholder: 'placeholderPhone', autocomplete: 'tel' },
  number: { type: 'number', placeholder: 'placeholderNumber', inputmode: 'decimal' },
  date: { type: 'date', placeholder: 'placeholderDate' },
  choice: { type: 'text', placeholder: 'placeholderChoice' },
};

export class ChatWidget {
  private readonly threads: Thread[] = [];
  private readonly outbox: Outgoing[] = [];
  private readonly threadsKey: string;
  private readonly outboxKey: string;
  private readonly host: HTMLElement;
  private readonly ui: ReturnType<ChatWidget['build']>;
  private isOpen = false;
  private starting: Promise<Thread> | null = null;
  private pumping = false;
  private unreachable = false;
  private unreachableTimer: ReturnType<typeof setTimeout> | undefined;
  private unread = 0;
  private firstBotMessage = false;
  private readonly cleanups: (() => void)[] = [];
  /** The host page's JWT for a signed-in customer, if it gave one. */
  private identity: string | undefined;

  constructor(
    private readonly api: Api,
    private readonly bot: BotInfo,
    private readonly t: Translate,
  ) {
    this.threadsKey = `parley:${bot.id}:threads`;
    this.outboxKey = `parley:${bot.id}:outbox`;
    this.host = document.createElement('div');
    this.host.setAttribute('data-parley-widget', bot.id);
    const shadow = this.host.attachShadow({ mode: 'open' });
    this.ui = this.build();
    shadow.append(h('style', {}, css), this.ui.root);
    document.body.appendChild(this.host);
    this.listen(window, 'online', () => this.onOnline());
    this.listen(window, 'offline', () => {
      this.current()?.live?.pause();
      this.updateBanner();
    });
    this.listen(window, 'storage', (e) => {
      if ((e as StorageEvent).key === this.threadsKey) this.adoptThreadsFromOtherTab();
    });
    this.listen(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') this.catchUpCurrent();
    });
    this.updateBanner();
  }

  // ---- lifecycle ----------------------------------------------------------------------------------------------

  /** Shows what this browser already said to this bot, then goes live on the current conversation. */
  async restore(identity?: string): Promise<void> {
    this.identity = identity;
    const refs = (local.get<ThreadRef[]>(this.threadsKey) ?? []).filter((r) => r && typeof r.id === 'string' && typeof r.token === 'string');
    for (const ref of refs.slice(-MAX_THREADS)) this.addThread(ref, 'active');
    const restored = this.restoreOutbox();
    await Promise.all(this.threads.map((th) => this.load(th)));
    if (this.threads.length === 0 && identity) await this.resumeSignedIn(identity);
    this.goLive();
    // History has settled whatever did arrive; the rest is sent now, unless we are offline (then it waits for a retry).
    if (navigator.onLine && !this.unreachable) for (const item of restored) if (this.outbox.includes(item)) this.setState(item, 'queued');
    this.pump();
    // Every stored conversation may have turned out to be gone (a wiped server): an open panel still greets.
    if (this.isOpen && this.threads.length === 0 && this.outbox.length === 0) void this.startConversation().catch(() => undefined);
  }

  /** A signed-in customer seen first on another device picks up their open conversation here. */
  private async resumeSignedIn(identity: string): Promise<void> {
    try {
      const found = await this.api.resume(this.bot.id, identity);
      if (this.threads.length > 0) return;
      const th = this.addThread({ id: found.conversationId, token: found.token }, found.status);
      this.saveThreads();
      this.merge(th, found.messages, false);
      this.setStatus(th, found.status);
    } catch {
      // No open conversation for them (404), or the token was refused: they start afresh like anyone else.
    }
  }

  open(): void {
    if (this.isOpen) return;
    this.isOpen = true;
    this.unread = 0;
    this.ui.panel.hidden = false;
    this.ui.nudge.hidden = true;
    this.refreshLauncher();
    this.scrollToEnd(true);
    this.ui.input.focus();
    if (this.threads.length === 0 && this.outbox.length === 0) void this.startConversation().catch(() => undefined);
  }

  close(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.ui.panel.hidden = true;
    this.refreshLauncher();
    this.ui.launcher.focus();
  }

  /** Names the customer for conversations started from now on. */
  setIdentity(token: string | undefined): void {
    this.identity = token;
  }

  get botId(): string {
    return this.bot.id;
  }

  destroy(): void {
    for (const th of this.threads) th.live?.stop();
    for (const c of this.cleanups) c();
    this.host.remove();
  }

  showNudge(text: string): void {
    if (this.isOpen || this.threads.length > 0) return;
    this.ui.nudgeText.textContent = text;
    this.ui.nudge.hidden = false;
  }

  private listen(target: EventTarget, type: string, fn: (e: Event) => void): void {
    target.addEventListener(type, fn);
    this.cleanups.push(() => target.removeEventListener(type, fn));
  }

  // ---- DOM ----------------------------------------------------------------------------------------------------

  private build() {
    const { t, bot } = this;
    const w = bot.widget;
    const root = h('div', { class: w.position === 'left' ? 'root left' : 'root' });
    const color = /^#[0-9a-f]{6}$/i.test(w.color) ? w.color : '#1f6feb';
    root.style.setProperty('--p', color);
    root.style.setProperty('--ink', inkOn(color));
    root.style.setProperty('--soft', `${color}14`);

    const logoUrl = safeImageUrl(w.logoUrl);
    const logo = logoUrl ? h('img', { class: 'logo', src: logoUrl, alt: '' }) : h('div', { class: 'logo', 'aria-hidden': 'true' }, (bot.name.trim()[0] ?? '?').toUpperCase());
    const closeBtn = h('button', { type: 'button', class: 'x', 'aria-label': t('close') }, icon(ICON_CLOSE, 20));
    closeBtn.addEventListener('click', () => this.close());
    const banner = h('div', { class: 'banner', role: 'status', hidden: true });
    const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t('messages'), tabindex: '0' });
    const threadsEl = h('div', { class: 'threads' });
    const outboxEl = h('div', { class: 'outbox' });
    const typing = h('div', { class: 'typing', role: 'status', 'aria-label': t('typing'), hidden: true }, h('i'), h('i'), h('i'));
    const notice = h('div', { class: 'notice' });
    log.append(threadsEl, notice, outboxEl, typing);

    const input = h('input', { type: 'text', 'aria-label': t('placeholder'), placeholder: t('placeholder'), maxlength: '4096', autocomplete: 'off', enterkeyhint: 'send' });
    const sendBtn = h('button', { type: 'submit', class: 'send', 'aria-label': t('send') }, icon(ICON_SEND, 20));
    // The bot validates and explains in its own words (the `error` field); the browser's tooltip would pre-empt that.
    const form = h('form', { class: 'composer', novalidate: true }, input, sendBtn);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      input.value = '';
      this.send({ type: 'text', text });
    });

    const titleId = `parley-title-${bot.id}`;
    const panel = h(
      'div',
      { class: 'panel', role: 'dialog', 'aria-labelledby': titleId, hidden: true },
      h('div', { class: 'head' }, logo, h('div', { class: 'titles' }, h('p', { class: 'title', id: titleId }, bot.name), w.greeting ? h('p', { class: 'sub' }, w.greeting) : null), closeBtn),
      banner,
      log,
      form,
    );
    root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.isOpen) {
        e.stopPropagation();
        this.close();
      }
    });

    const badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
    const launcher = h('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-label': t('open') }, icon(ICON_CHAT, 28), badge);
    launcher.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));

    const nudgeText = h('button', { type: 'button', class: 'nudge-text' });
    nudgeText.addEventListener('click', () => this.open());
    const nudgeClose = h('button', { type: 'button', class: 'x', 'aria-label': t('dismiss') }, icon(ICON_CLOSE, 14));
    const nudge = h('div', { class: 'nudge', role: 'status', hidden: true }, nudgeText, nudgeClose);
    nudgeClose.addEventListener('click', () => {
      nudge.hidden = true;
      session.set(`parley:${bot.id}:nudged`, true);
    });

    root.append(panel, nudge, launcher);
    return { root, panel, banner, log, threadsEl, outboxEl, typing, notice, input, sendBtn, launcher, badge, nudge, nudgeText };
  }

  private refreshLauncher(): void {
    const { launcher, badge } = this.ui;
    launcher.setAttribute('aria-expanded', String(this.isOpen));
    this.ui.root.classList.toggle('open', this.isOpen);
    launcher.replaceChildren(icon(this.isOpen ? ICON_CLOSE : ICON_CHAT, this.isOpen ? 24 : 28), badge);
    launcher.setAttribute('aria-label', this.isOpen ? this.t('close') : this.unread > 0 ? this.t('openUnread', { n: this.unread }) : this.t('open'));
    badge.hidden = this.isOpen || this.unread === 0;
    badge.textContent = this.unread > 9 ? '9+' : String(this.unread);
  }

  private updateBanner(): void {
    const { banner } = this.ui;
    const text = !navigator.onLine ? this.t('offline') : this.unreachable ? this.t('unreachable') : '';
    banner.hidden = !text;
    banner.textContent = text;
  }

  private setUnreachable(value: boolean): void {
    clearTimeout(this.unreachableTimer);
    if (this.unreachable === value) return;
    this.unreachable = value;
    this.updateBanner();
  }

  private nearBottom(): boolean {
    const { log } = this.ui;
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  private scrollToEnd(force = false): void {
    const { log } = this.ui;
    if (force || this.nearBottom()) log.scrollTop = log.scrollHeight;
  }

  private setTyping(): void {
    const current = this.current();
    const inFlight = this.outbox.some((o) => o.state === 'sending' || o.state === 'slow');
    // An agent's typing is unknown to us, so the dots mean only "the bot is working on your message".
    this.ui.typing.hidden = !(this.starting || (inFlight && (!current || current.status !== 'handoff')));
  }

  /** Shapes the composer after the bot's latest question: an email prompt gets an email field, and so on. */
  private refreshComposer(): void {
    const { input } = this.ui;
    const current = this.current();
    let prompt: Extract<Message['payload'], { type: 'input' }> | undefined;
    let seq = 0;
    if (current && current.status === 'active') {
      const last = lastOf(current);
      if (last && last.payload.type === 'input') {
        prompt = last.payload;
        seq = last.seq;
      }
    }
    const spec = INPUT_TYPES[prompt?.inputType ?? 'text'] ?? INPUT_TYPES.text!;
    if (input.type !== spec.type) {
      input.value = '';
      input.type = spec.type;
    }
    input.placeholder = this.t(spec.placeholder);
    input.setAttribute('aria-label', this.t(spec.placeholder));
    if (spec.autocomplete) input.setAttribute('autocomplete', spec.autocomplete);
    else input.setAttribute('autocomplete', 'off');
    if (spec.inputmode) input.setAttribute('inputmode', spec.inputmode);
    else input.removeAttribute('inputmode');
    if (prompt?.error) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `err-${seq}`);
    } else {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    }
  }

  /** Quick replies answer the latest question only; once answered, or once the bot has moved on, they switch off. */
  private refreshButtons(): void {
    const current = this.current();
    const waiting = this.outbox.length > 0;
    const lastCustomer = current ? lastCustomerSeq(current) : 0;
    for (const th of this.threads) {
      for (const btn of th.section.querySelectorAll<HTMLButtonElement>('button[data-postback]')) {
        const seq = Number(btn.dataset.postback);
        btn.disabled = th !== current || th.status !== 'active' || waiting || seq <= lastCustomer;
      }
      for (const group of th.section.querySelectorAll<HTMLElement>('.buttons.qr')) {
        const buttons = group.querySelectorAll('button[data-postback]');
        const live = Array.from(buttons).some((b) => !(b as HTMLButtonElement).disabled);
        // Hidden only when past for good; a pending send merely disables them, so a failed send can still be redone.
        const past = th !== current || th.status !== 'active' || Number((buttons[0] as HTMLElement | undefined)?.dataset.postback ?? 0) <= lastCustomer;
        group.classList.toggle('stale', !live && past && group.querySelector('a') === null);
      }
    }
  }

  private refreshAll(): void {
    this.refreshComposer();
    this.refreshButtons();
    this.setTyping();
    this.refreshRestart();
  }

  // ---- threads ------------------------------------------------------------------------------------------------

  private current(): Thread | undefined {
    return this.threads.at(-1);
  }

  private addThread(ref: ThreadRef, status: ConversationStatus): Thread {
    const list = h('div', { class: 'thread-list' });
    const section = h('div', { class: 'thread', 'data-conversation': ref.id }, list);
    this.ui.threadsEl.append(section);
    const th: Thread = { ...ref, status, messages: new Map(), watermark: 0, section, list, live: null };
    this.threads.push(th);
    return th;
  }

  private saveThreads(): void {
    local.set(
      this.threadsKey,
      this.threads.slice(-MAX_THREADS).map(({ id, token }) => ({ id, token })),
    );
  }

  private async load(th: Thread): Promise<void> {
    try {
      const history = await this.api.history(th.id, th.token, 0);
      this.merge(th, history.messages, false);
      this.setStatus(th, history.status);
      this.setUnreachable(false);
    } catch (e) {
      if (e instanceof ApiFailure && e.kind === 'http' && (e.status === 404 || e.status === 401)) {
        // The server no longer knows it (deleted bot, wiped database): forget it rather than show an empty shell.
        this.dropThread(th);
        return;
      }
      this.markUnreachable(e);
      const retry = h('button', { type: 'button', class: 'linkish' }, this.t('tryAgain'));
      const note = h('div', { class: 'msg system' }, this.t('loadFailed'), ' ', retry);
      retry.addEventListener('click', () => {
        note.remove();
        void this.load(th).then(() => this.goLive());
      });
      th.list.append(note);
    }
  }

  private dropThread(th: Thread): void {
    th.live?.stop();
    th.section.remove();
    this.threads.splice(this.threads.indexOf(th), 1);
    this.saveThreads();
    this.refreshAll();
  }

  /** Only the newest conversation listens live; older ones are finished history. */
  private goLive(): void {
    const current = this.current();
    for (const th of this.threads) {
      if (th !== current || th.status === 'ended') {
        th.live?.stop();
        th.live = null;
      }
    }
    if (!current || current.status === 'ended' || current.live) return;
    const th = current;
    th.live = new LiveStream(() => this.api.streamUrl(th.id, th.token, th.watermark), {
      message: (m) => this.merge(th, [m], true),
      status: (s) => this.setStatus(th, s),
      ready: (reconnected) => {
        this.setUnreachable(false);
        // The stream resumes from our watermark already; a catch-up read also restores the status we may have missed.
        if (reconnected) this.catchUp(th);
      },
      down: () => {
        clearTimeout(this.unreachableTimer);
        this.unreachableTimer = setTimeout(() => {
          if (!th.live?.connected) this.setUnreachable(true);
        }, UNREACHABLE_GRACE_MS);
      },
    });
    th.live.start();
  }

  private catchUp(th: Thread): void {
    this.api.history(th.id, th.token, th.watermark).then(
      (history) => {
        this.merge(th, history.messages, true);
        this.setStatus(th, history.status);
      },
      (e) => this.markUnreachable(e),
    );
  }

  private catchUpCurrent(): void {
    const th = this.current();
    if (th && th.status !== 'ended') this.catchUp(th);
  }

  private onOnline(): void {
    this.updateBanner();
    this.current()?.live?.kick();
    this.catchUpCurrent();
    // A send that failed for want of a network is retried by itself once the network is back.
    const head = this.outbox[0];
    if (head?.state === 'failed' && head.error === undefined) this.retry(head);
  }

  private adoptThreadsFromOtherTab(): void {
    const refs = local.get<ThreadRef[]>(this.threadsKey) ?? [];
    let added = false;
    for (const ref of refs) {
      if (this.threads.some((th) => th.id === ref.id)) continue;
      const th = this.addThread(ref, 'active');
      added = true;
      void this.load(th).then(() => this.goLive());
    }
    if (added) this.goLive();
  }

  private setStatus(th: Thread, status: ConversationStatus): void {
    if (th.status === status && th.section.dataset.status === status) return;
    const stick = this.nearBottom();
    th.status = status;
    th.section.dataset.status = status;
    th.section.querySelector(':scope > .divider')?.remove();
    if (status === 'ended') {
      th.section.append(h('div', { class: 'divider', role: 'separator' }, this.t('ended')));
      th.live?.stop();
      th.live = null;
    }
    this.refreshAll();
    this.scrollToEnd(stick);
  }

  private refreshRestart(): void {
    const current = this.current();
    const show = current?.status === 'ended' && this.outbox.length === 0 && !this.starting;
    const existing = this.ui.notice.querySelector('.restart');
    if (show && !existing) {
      const btn = h('button', { type: 'button', class: 'btn restart' }, this.t('newChat'));
      btn.addEventListener('click', () => void this.startConversation().catch(() => undefined));
      this.ui.notice.append(btn);
    } else if (!show && existing) existing.remove();
  }

  /** Adds messages in seq order, once each, whichever path (reply, stream, catch-up) brought them first. */
  private merge(th: Thread, messages: Message[], live: boolean): void {
    const stick = this.nearBottom();
    let added = false;
    for (const m of [...messages].sort((a, b) => a.seq - b.seq)) {
      if (th.messages.has(m.seq)) continue;
      th.messages.set(m.seq, m);
      added = true;
      const el = renderMessage(m, { t: this.t, postback: (b) => this.postback(b) });
      const last = th.list.lastElementChild as HTMLElement | null;
      const after = !last || Number(last.dataset.seq) < m.seq ? null : Array.from(th.list.children).find((c) => Number((c as HTMLElement).dataset.seq) > m.seq);
      th.list.insertBefore(el, after ?? null);
      if (m.author === 'customer') this.settleOutgoing(th, m);
      else if (live && !this.isOpen) this.unread++;
      if (m.author === 'bot' && !this.firstBotMessage) {
        this.firstBotMessage = true;
        mark('parley:first-bot-message');
      }
    }
    while (th.messages.has(th.watermark + 1)) th.watermark++;
    if (!added) return;
    this.refreshLauncher();
    this.refreshAll();
    this.scrollToEnd(stick);
  }

  private async startConversation(): Promise<Thread> {
    if (this.starting) return this.starting;
    this.ui.notice.querySelector('.start-failed')?.remove();
    this.starting = (async () => {
      this.refreshAll();
      try {
        const started = await this.api.start(this.bot.id, describeVisitor(), this.identity).catch((e: unknown) => {
          // A bad or unaccepted identity token must not keep the customer from chatting: they continue anonymously.
          if (!(this.identity && e instanceof ApiFailure && e.kind === 'http' && (e.code === 'invalid_identity' || e.code === 'identity_not_configured'))) throw e;
          console.warn('[parley] the identity token was refused; chatting anonymously', e.message);
          this.identity = undefined;
          return this.api.start(this.bot.id, describeVisitor());
        });
        const th = this.addThread({ id: started.conversationId, token: started.token }, started.status);
        this.saveThreads();
        this.merge(th, started.messages, false);
        this.setStatus(th, started.status);
        this.goLive();
        this.setUnreachable(false);
        this.ui.nudge.hidden = true;
        return th;
      } catch (e) {
        this.markUnreachable(e);
        if (this.outbox.length === 0) {
          const retry = h('button', { type: 'button', class: 'linkish' }, this.t('tryAgain'));
          retry.addEventListener('click', () => void this.startConversation().catch(() => undefined));
          this.ui.notice.append(h('div', { class: 'msg system start-failed' }, e instanceof ApiFailure && e.kind === 'http' ? this.t('unavailable') : this.t('startFailed'), ' ', retry));
        }
        throw e;
      } finally {
        this.starting = null;
      }
    })();
    try {
      return await this.starting;
    } finally {
      this.refreshAll();
    }
  }

  private markUnreachable(e: unknown): void {
    if (e instanceof ApiFailure && e.kind === 'network') this.setUnreachable(true);
  }

  // ---- sending ------------------------------------------------------------------------------------------------

  private postback(b: Button): void {
    if (!b.payload) return;
    this.send({ type: 'postback', payload: b.payload, text: b.label.slice(0, 200) });
  }

  private send(request: CustomerMessageRequest): void {
    const item: Outgoing = { localId: randomId(), request, state: 'queued', el: h('div') };
    this.outbox.push(item);
    this.renderOutgoing(item);
    this.saveOutbox();
    this.refreshAll();
    this.scrollToEnd(true);
    this.pump();
  }

  /** Sends one message at a time, in order: a failed one holds the rest back so the bot never hears them out of order. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    void (async () => {
      try {
        for (let head = this.outbox[0]; head && head.state !== 'failed'; head = this.outbox[0]) await this.deliver(head);
      } finally {
        this.pumping = false;
        this.refreshAll();
      }
    })();
  }

  private async deliver(item: Outgoing): Promise<void> {
    this.setState(item, 'sending');
    const slow = setTimeout(() => this.setState(item, 'slow'), SLOW_MS);
    try {
      for (let attempt = 0; ; attempt++) {
        let th = this.current();
        if (!th || th.status === 'ended') th = await this.startConversation();
        if (item.threadId !== th.id) {
          item.threadId = th.id;
          item.after = th.watermark;
          this.saveOutbox();
        }
        try {
          const res = await this.api.send(th.id, th.token, item.request);
          this.merge(th, res.messages, false);
          this.setStatus(th, res.status);
          this.setUnreachable(false);
          this.removeOutgoing(item);
          return;
        } catch (e) {
          // The conversation closed under us (agent resolved it in another tab, say): the message opens a new one.
          const closed = e instanceof ApiFailure && e.kind === 'http' && (e.code === 'conversation_ended' || e.status === 404);
          if (!closed || attempt > 0) throw e;
          if (e instanceof ApiFailure && e.status === 404) this.dropThread(th);
          else this.setStatus(th, 'ended');
        }
      }
    } catch (e) {
      if (!this.outbox.includes(item)) return;
      this.markUnreachable(e);
      const httpError = e instanceof ApiFailure && e.kind === 'http' ? e.message : undefined;
      item.error = httpError;
      this.setState(item, 'failed');
    } finally {
      clearTimeout(slow);
    }
  }

  private retry(item: Outgoing): void {
    if (item.state !== 'failed') return;
    item.error = undefined;
    this.setState(item, 'sending');
    const th = this.current();
    // The failed request may have reached the server after all; reading what it holds first avoids saying it twice.
    if (th && item.threadId === th.id) {
      this.api.history(th.id, th.token, th.watermark).then(
        (history) => {
          this.merge(th, history.messages, true);
          this.setStatus(th, history.status);
          this.resume(item);
        },
        () => this.resume(item),
      );
    } else this.resume(item);
  }

  private resume(item: Outgoing): void {
    this.setState(item, 'queued');
    this.pump();
  }

  /** A stored customer message that matches one still pending means that one got through: show it once. */
  private settleOutgoing(th: Thread, m: Message): void {
    if (m.payload.type !== 'customer') return;
    const p = m.payload;
    const item = this.outbox.find(
      (o) =>
        o.threadId === th.id &&
        o.after !== undefined &&
        m.seq > o.after &&
        (o.request.type === 'text' ? p.payload === undefined && p.text === o.request.text.trim() : p.payload === o.request.payload),
    );
    if (item) this.removeOutgoing(item);
  }

  private removeOutgoing(item: Outgoing): void {
    const i = this.outbox.indexOf(item);
    if (i >= 0) this.outbox.splice(i, 1);
    item.el.remove();
    this.saveOutbox();
    this.refreshAll();
  }

  private setState(item: Outgoing, state: SendState): void {
    if (!this.outbox.includes(item)) return;
    item.state = state;
    this.renderOutgoing(item);
    this.setTyping();
  }

  private renderOutgoing(item: Outgoing): void {
    const text = item.request.type === 'text' ? item.request.text : (item.request.text ?? item.request.payload);
    const status = h('div', { class: item.state === 'failed' ? 'state failed' : 'state' });
    if (item.state === 'failed') {
      const retry = h('button', { type: 'button', class: 'linkish' }, this.t('retry'));
      retry.addEventListener('click', () => this.retry(item));
      const discard = h('button', { type: 'button', class: 'linkish' }, this.t('discard'));
      discard.addEventListener('click', () => {
        this.removeOutgoing(item);
        this.pump();
      });
      status.append(h('span', {}, item.error ? `${this.t('failed')} ${item.error}` : this.t('failed')), retry, discard);
    } else {
      status.textContent = this.t(item.state === 'slow' ? 'slow' : item.state === 'queued' ? 'queued' : 'sending');
    }
    const el = h('div', { class: 'msg customer pending', 'data-local': item.localId }, h('div', { class: 'bubble' }, text), status);
    if (item.el.parentNode) item.el.replaceWith(el);
    else this.ui.outboxEl.append(el);
    item.el = el;
  }

  /** Unsent messages survive a reload of this tab (not other tabs, which have their own). */
  private saveOutbox(): void {
    session.set(
      this.outboxKey,
      this.outbox.map(({ localId, request, threadId, after }) => ({ localId, request, threadId, after })),
    );
  }

  private restoreOutbox(): Outgoing[] {
    const saved = session.get<Pick<Outgoing, 'localId' | 'request' | 'threadId' | 'after'>[]>(this.outboxKey) ?? [];
    for (const s of saved) {
      if (!s?.request) continue;
      // Whether a message in flight at the reload arrived is unknown until history loads; until then it asks to be retried.
      const item: Outgoing = { ...s, state: 'failed', el: h('div') };
      this.outbox.push(item);
      this.renderOutgoing(item);
    }
    return [...this.outbox];
  }
}

function lastOf(th: Thread): Message | undefined {
  let best: Message | undefined;
  for (const m of th.messages.values()) if (!best || m.seq > best.seq) best = m;
  return best;
}

function lastCustomerSeq(th: Thread): number {
  let seq = 0;
  for (const m of th.messages.values()) if (m.author === 'customer' && m.seq > seq) seq = m.seq;
  return seq;
}

/** Black or white, whichever reads better on the brand colour (WCAG relative luminance). */
function inkOn(hex: string): string {
  const lin = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(1) + 0.7152 * lin(3) + 0.0722 * lin(5);
  return l > 0.179 ? '#111' : '#fff';
}

export function mark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    // Marks are for measuring only.
  }
}
