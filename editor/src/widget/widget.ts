import type { Button, ConversationStatus, CustomerMessageRequest, Message } from '@parley/shared';
import { ApiError } from '../common/api/errors';
import { renderMessage } from '../common/messages/render';
import type { Api, BotInfo } from './api';
import { absorb, lastCustomerSeq, MAX_THREADS, newThread, openPrompt, ThreadRefs, type Thread, type ThreadRef } from './model';
import { Outbox, type Outgoing } from './outbox';
import { ChatView } from './view';
import { describeVisitor } from './visitor';
import type { Translate } from './i18n';

const UNREACHABLE_GRACE_MS = 4000;

/**
 * The chat: conversations (threads) by seq, the outbox of unsent messages, the live feed of the current conversation,
 * and what keeps them in step with other tabs, the network and the server. What it looks like is the view's.
 */
export class ChatWidget {
  private readonly threads: Thread[] = [];
  private readonly refs: ThreadRefs;
  private readonly outbox: Outbox;
  private readonly view: ChatView;
  private isOpen = false;
  private starting: Promise<Thread> | null = null;
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
    this.refs = new ThreadRefs(bot.id);
    this.view = new ChatView(bot, t, {
      send: (text) => this.send({ type: 'text', text }),
      open: () => this.open(),
      close: () => this.close(),
      retry: (item) => this.outbox.retry(item),
      discard: (item) => {
        this.outbox.remove(item);
        this.outbox.pump();
      },
    });
    this.outbox = new Outbox(bot.id, {
      deliver: (item) => this.deliver(item),
      beforeRetry: (item) => this.readBeforeRetry(item),
      drawn: (item) => {
        this.view.drawPending(item);
        this.setTyping();
      },
      removed: (item) => this.view.removePending(item),
      changed: () => this.refreshAll(),
    });
    this.listen(window, 'online', () => this.onOnline());
    this.listen(window, 'offline', () => {
      this.current()?.live?.pause();
      this.updateBanner();
    });
    this.listen(window, 'storage', (e) => {
      if ((e as StorageEvent).key === this.refs.key) this.adoptThreadsFromOtherTab();
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
    for (const ref of this.refs.load().slice(-MAX_THREADS)) this.addThread(ref, 'active');
    const restored = this.outbox.restore();
    await Promise.all(this.threads.map((th) => this.load(th)));
    if (this.threads.length === 0 && identity) await this.resumeSignedIn(identity);
    this.goLive();
    // History has settled whatever did arrive; the rest is sent now, unless we are offline (then it waits for a retry).
    if (navigator.onLine && !this.unreachable) for (const item of restored) this.outbox.setState(item, 'queued');
    this.outbox.pump();
    // Every stored conversation may have turned out to be gone (a wiped server): an open panel still greets.
    if (this.isOpen && this.threads.length === 0 && this.outbox.items.length === 0) void this.startConversation().catch(() => undefined);
  }

  /** A signed-in customer seen first on another device picks up their open conversation here. */
  private async resumeSignedIn(identity: string): Promise<void> {
    try {
      const found = await this.api.resume(this.bot.id, identity);
      if (this.threads.length > 0) return;
      const th = this.addThread({ id: found.conversationId, token: found.token }, found.status);
      this.refs.save(this.threads);
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
    this.view.showPanel(this.unread);
    if (this.threads.length === 0 && this.outbox.items.length === 0) void this.startConversation().catch(() => undefined);
  }

  close(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.view.hidePanel(this.unread);
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
    this.view.destroy();
  }

  showNudge(text: string): void {
    if (this.isOpen || this.threads.length > 0) return;
    this.view.showNudge(text);
  }

  private listen(target: EventTarget, type: string, fn: (e: Event) => void): void {
    target.addEventListener(type, fn);
    this.cleanups.push(() => target.removeEventListener(type, fn));
  }

  // ---- what the view shows ------------------------------------------------------------------------------------

  private updateBanner(): void {
    this.view.banner(!navigator.onLine ? this.t('offline') : this.unreachable ? this.t('unreachable') : '');
  }

  private setUnreachable(value: boolean): void {
    clearTimeout(this.unreachableTimer);
    if (this.unreachable === value) return;
    this.unreachable = value;
    this.updateBanner();
  }

  private markUnreachable(e: unknown): void {
    if (e instanceof ApiError && e.unreachable) this.setUnreachable(true);
  }

  private setTyping(): void {
    const current = this.current();
    // An agent's typing is unknown to us, so the dots mean only "the bot is working on your message".
    this.view.typing(Boolean(this.starting || (this.outbox.inFlight && (!current || current.status !== 'handoff'))));
  }

  private refreshAll(): void {
    const current = this.current();
    this.view.composer(openPrompt(current));
    this.view.refreshButtons(current?.status === 'active' ? current.id : undefined, this.outbox.items.length > 0, current ? lastCustomerSeq(current) : 0);
    this.setTyping();
    this.view.restartButton(current?.status === 'ended' && this.outbox.items.length === 0 && !this.starting, () => void this.startConversation().catch(() => undefined));
  }

  // ---- threads ------------------------------------------------------------------------------------------------

  private current(): Thread | undefined {
    return this.threads.at(-1);
  }

  private addThread(ref: ThreadRef, status: ConversationStatus): Thread {
    this.view.addThread(ref.id);
    const th = newThread(ref, status);
    this.threads.push(th);
    return th;
  }

  private async load(th: Thread): Promise<void> {
    try {
      const history = await this.api.history(th.id, th.token, 0);
      this.merge(th, history.messages, false);
      this.setStatus(th, history.status);
      this.setUnreachable(false);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 401)) {
        // The server no longer knows it (deleted bot, wiped database): forget it rather than show an empty shell.
        this.dropThread(th);
        return;
      }
      this.markUnreachable(e);
      this.view.loadFailed(th.id, () => void this.load(th).then(() => this.goLive()));
    }
  }

  private dropThread(th: Thread): void {
    th.live?.stop();
    this.view.removeThread(th.id);
    this.threads.splice(this.threads.indexOf(th), 1);
    this.refs.save(this.threads);
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
    let everReady = false;
    const live = this.api.live(th.id, th.token, {
      resumeFrom: () => th.watermark,
      events: {
        message: (m) => {
          if (typeof (m as Message | null)?.seq === 'number') this.merge(th, [m as Message], true);
        },
        status: (s) => {
          const status = (s as { status?: ConversationStatus } | null)?.status;
          if (status) this.setStatus(th, status);
        },
        // The server has sent everything after our watermark and is now live.
        ready: () => {
          const reconnected = everReady;
          everReady = true;
          this.setUnreachable(false);
          // A catch-up read also restores the status a dropped stream may have missed.
          if (reconnected) this.catchUp(th);
        },
      },
      onDown: () => {
        clearTimeout(this.unreachableTimer);
        this.unreachableTimer = setTimeout(() => {
          if (!th.live?.connected) this.setUnreachable(true);
        }, UNREACHABLE_GRACE_MS);
      },
    });
    th.live = live;
    live.start();
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
    const head = this.outbox.head;
    if (head?.state === 'failed' && head.error === undefined) this.outbox.retry(head);
  }

  private adoptThreadsFromOtherTab(): void {
    let added = false;
    for (const ref of this.refs.load()) {
      if (this.threads.some((th) => th.id === ref.id)) continue;
      const th = this.addThread(ref, 'active');
      added = true;
      void this.load(th).then(() => this.goLive());
    }
    if (added) this.goLive();
  }

  private setStatus(th: Thread, status: ConversationStatus): void {
    const stick = this.view.nearBottom();
    if (!this.view.markStatus(th.id, status)) return;
    th.status = status;
    if (status === 'ended') {
      th.live?.stop();
      th.live = null;
    }
    this.refreshAll();
    this.view.scrollToEnd(stick);
  }

  /** Draws the messages not yet held, in seq order, once each, whichever path (reply, stream, catch-up) brought them first. */
  private merge(th: Thread, messages: Message[], live: boolean): void {
    const stick = this.view.nearBottom();
    const added = absorb(th, messages);
    for (const m of added) {
      this.view.insertMessage(th.id, renderMessage(m, { t: this.t, postback: (b) => this.postback(b) }), m.seq);
      if (m.author === 'customer') this.outbox.settle(th.id, m);
      else if (live && !this.isOpen) this.unread++;
      if (m.author === 'bot' && !this.firstBotMessage) {
        this.firstBotMessage = true;
        mark('parley:first-bot-message');
      }
    }
    if (added.length === 0) return;
    this.view.refreshLauncher(this.isOpen, this.unread);
    this.refreshAll();
    this.view.scrollToEnd(stick);
  }

  private async startConversation(): Promise<Thread> {
    if (this.starting) return this.starting;
    this.view.clearStartFailed();
    this.starting = (async () => {
      this.refreshAll();
      try {
        const started = await this.api.start(this.bot.id, describeVisitor(), this.identity).catch((e: unknown) => {
          // A bad or unaccepted identity token must not keep the customer from chatting: they continue anonymously.
          if (!(this.identity && e instanceof ApiError && !e.unreachable && (e.code === 'invalid_identity' || e.code === 'identity_not_configured'))) throw e;
          console.warn('[parley] the identity token was refused; chatting anonymously', e.message);
          this.identity = undefined;
          return this.api.start(this.bot.id, describeVisitor());
        });
        const th = this.addThread({ id: started.conversationId, token: started.token }, started.status);
        this.refs.save(this.threads);
        this.merge(th, started.messages, false);
        this.setStatus(th, started.status);
        this.goLive();
        this.setUnreachable(false);
        this.view.hideNudge();
        return th;
      } catch (e) {
        this.markUnreachable(e);
        if (this.outbox.items.length === 0) {
          this.view.startFailed(e instanceof ApiError && !e.unreachable ? this.t('unavailable') : this.t('startFailed'), () => void this.startConversation().catch(() => undefined));
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

  // ---- sending ------------------------------------------------------------------------------------------------

  private postback(b: Button): void {
    if (!b.payload) return;
    this.send({ type: 'postback', payload: b.payload, text: b.label.slice(0, 200) });
  }

  private send(request: CustomerMessageRequest): void {
    this.outbox.add(request);
    this.refreshAll();
    this.view.scrollToEnd(true);
    this.outbox.pump();
  }

  /** Sends one message to the current conversation, starting one when there is none or it has ended. */
  private async deliver(item: Outgoing): Promise<void> {
    try {
      for (let attempt = 0; ; attempt++) {
        let th = this.current();
        if (!th || th.status === 'ended') th = await this.startConversation();
        this.outbox.aim(item, th.id, th.watermark);
        try {
          const res = await this.api.send(th.id, th.token, item.request);
          this.merge(th, res.messages, false);
          this.setStatus(th, res.status);
          this.setUnreachable(false);
          return;
        } catch (e) {
          // The conversation closed under us (agent resolved it in another tab, say): the message opens a new one.
          const closed = e instanceof ApiError && !e.unreachable && (e.code === 'conversation_ended' || e.status === 404);
          if (!closed || attempt > 0) throw e;
          if (e.status === 404) this.dropThread(th);
          else this.setStatus(th, 'ended');
        }
      }
    } catch (e) {
      if (this.outbox.has(item)) this.markUnreachable(e);
      throw e;
    }
  }

  private readBeforeRetry(item: Outgoing): Promise<void> | undefined {
    const th = this.current();
    if (!th || item.threadId !== th.id) return undefined;
    return this.api.history(th.id, th.token, th.watermark).then((history) => {
      this.merge(th, history.messages, true);
      this.setStatus(th, history.status);
    });
  }
}

export function mark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    // Marks are for measuring only.
  }
}
