import type { ConversationStatus, Message } from '@parley/shared';
import type { BotInfo } from './api';
import { h } from '../common/dom';
import { safeImageUrl } from '../common/links';
import { icon, ICON_CHAT, ICON_CLOSE, ICON_SEND } from './icons';
import { session } from './storage';
import { css } from './styles';
import type { Outgoing } from './outbox';
import type { Key, Translate } from './i18n';

export interface ViewActions {
  send(text: string): void;
  open(): void;
  close(): void;
  retry(item: Outgoing): void;
  discard(item: Outgoing): void;
}

const INPUT_TYPES: Record<string, { type: string; placeholder: Key; autocomplete?: string; inputmode?: string }> = {
  text: { type: 'text', placeholder: 'placeholder' },
  email: { type: 'email', placeholder: 'placeholderEmail', autocomplete: 'email' },
  phone: { type: 'tel', placeholder: 'placeholderPhone', autocomplete: 'tel' },
  number: { type: 'number', placeholder: 'placeholderNumber', inputmode: 'decimal' },
  date: { type: 'date', placeholder: 'placeholderDate' },
  choice: { type: 'text', placeholder: 'placeholderChoice' },
};

type Prompt = Extract<Message['payload'], { type: 'input' }>;

/**
 * The widget's DOM, in a shadow root so the shop's CSS and ours never meet: launcher, nudge, panel, one section per
 * conversation, the pending messages and the composer. It draws what it is told and reports what the customer does.
 */
export class ChatView {
  readonly host: HTMLElement;
  private readonly ui: ReturnType<ChatView['build']>;
  private readonly sections = new Map<string, { section: HTMLElement; list: HTMLElement }>();
  private readonly pending = new Map<string, HTMLElement>();

  constructor(
    private readonly bot: BotInfo,
    private readonly t: Translate,
    private readonly actions: ViewActions,
  ) {
    this.host = document.createElement('div');
    this.host.setAttribute('data-parley-widget', bot.id);
    const shadow = this.host.attachShadow({ mode: 'open' });
    this.ui = this.build();
    shadow.append(h('style', {}, css), this.ui.root);
    document.body.appendChild(this.host);
  }

  private build() {
    const { t, bot, actions } = this;
    const w = bot.widget;
    const root = h('div', { class: w.position === 'left' ? 'root left' : 'root' });
    const color = /^#[0-9a-f]{6}$/i.test(w.color) ? w.color : '#1f6feb';
    root.style.setProperty('--p', color);
    root.style.setProperty('--ink', inkOn(color));
    root.style.setProperty('--soft', `${color}14`);

    const logoUrl = safeImageUrl(w.logoUrl);
    const logo = logoUrl ? h('img', { class: 'logo', src: logoUrl, alt: '' }) : h('div', { class: 'logo', 'aria-hidden': 'true' }, (bot.name.trim()[0] ?? '?').toUpperCase());
    const closeBtn = h('button', { type: 'button', class: 'x', 'aria-label': t('close') }, icon(ICON_CLOSE, 20));
    closeBtn.addEventListener('click', () => actions.close());
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
      actions.send(text);
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
      if (e.key === 'Escape' && !panel.hidden) {
        e.stopPropagation();
        actions.close();
      }
    });

    const badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
    const launcher = h('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-label': t('open') }, icon(ICON_CHAT, 28), badge);
    launcher.addEventListener('click', () => (panel.hidden ? actions.open() : actions.close()));

    const nudgeText = h('button', { type: 'button', class: 'nudge-text' });
    nudgeText.addEventListener('click', () => actions.open());
    const nudgeClose = h('button', { type: 'button', class: 'x', 'aria-label': t('dismiss') }, icon(ICON_CLOSE, 14));
    const nudge = h('div', { class: 'nudge', role: 'status', hidden: true }, nudgeText, nudgeClose);
    nudgeClose.addEventListener('click', () => {
      nudge.hidden = true;
      session.set(`parley:${bot.id}:nudged`, true);
    });

    root.append(panel, nudge, launcher);
    return { root, panel, banner, log, threadsEl, outboxEl, typing, notice, input, sendBtn, launcher, badge, nudge, nudgeText };
  }

  // ---- panel, launcher, banner ----------------------------------------------------------------------------------

  showPanel(unread: number): void {
    this.ui.panel.hidden = false;
    this.ui.nudge.hidden = true;
    this.refreshLauncher(true, unread);
    this.scrollToEnd(true);
    this.ui.input.focus();
  }

  hidePanel(unread: number): void {
    this.ui.panel.hidden = true;
    this.refreshLauncher(false, unread);
    this.ui.launcher.focus();
  }

  refreshLauncher(isOpen: boolean, unread: number): void {
    const { launcher, badge } = this.ui;
    launcher.setAttribute('aria-expanded', String(isOpen));
    this.ui.root.classList.toggle('open', isOpen);
    launcher.replaceChildren(icon(isOpen ? ICON_CLOSE : ICON_CHAT, isOpen ? 24 : 28), badge);
    launcher.setAttribute('aria-label', isOpen ? this.t('close') : unread > 0 ? this.t('openUnread', { n: unread }) : this.t('open'));
    badge.hidden = isOpen || unread === 0;
    badge.textContent = unread > 9 ? '9+' : String(unread);
  }

  banner(text: string): void {
    this.ui.banner.hidden = !text;
    this.ui.banner.textContent = text;
  }

  showNudge(text: string): void {
    this.ui.nudgeText.textContent = text;
    this.ui.nudge.hidden = false;
  }

  hideNudge(): void {
    this.ui.nudge.hidden = true;
  }

  nearBottom(): boolean {
    const { log } = this.ui;
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  scrollToEnd(force = false): void {
    const { log } = this.ui;
    if (force || this.nearBottom()) log.scrollTop = log.scrollHeight;
  }

  typing(show: boolean): void {
    this.ui.typing.hidden = !show;
  }

  /** Shapes the composer after the bot's latest question: an email prompt gets an email field, and so on. */
  composer(asked: { prompt: Prompt; seq: number } | undefined): void {
    const { input } = this.ui;
    const spec = INPUT_TYPES[asked?.prompt.inputType ?? 'text'] ?? INPUT_TYPES.text!;
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
    if (asked?.prompt.error) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `err-${asked.seq}`);
    } else {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    }
  }

  /**
   * Quick replies answer the latest question only; once answered, or once the bot has moved on, they switch off.
   * `answering` is the conversation that may still be answered (the current one, while with the bot).
   */
  refreshButtons(answering: string | undefined, waiting: boolean, lastCustomer: number): void {
    for (const [id, { section }] of this.sections) {
      const open = id === answering;
      for (const btn of section.querySelectorAll<HTMLButtonElement>('button[data-postback]')) {
        btn.disabled = !open || waiting || Number(btn.dataset.postback) <= lastCustomer;
      }
      for (const group of section.querySelectorAll<HTMLElement>('.buttons.qr')) {
        const buttons = group.querySelectorAll('button[data-postback]');
        const live = Array.from(buttons).some((b) => !(b as HTMLButtonElement).disabled);
        // Hidden only when past for good; a pending send merely disables them, so a failed send can still be redone.
        const past = !open || Number((buttons[0] as HTMLElement | undefined)?.dataset.postback ?? 0) <= lastCustomer;
        group.classList.toggle('stale', !live && past && group.querySelector('a') === null);
      }
    }
  }

  // ---- conversations -------------------------------------------------------------------------------------------

  addThread(id: string): void {
    const list = h('div', { class: 'thread-list' });
    const section = h('div', { class: 'thread', 'data-conversation': id }, list);
    this.ui.threadsEl.append(section);
    this.sections.set(id, { section, list });
  }

  removeThread(id: string): void {
    this.sections.get(id)?.section.remove();
    this.sections.delete(id);
  }

  /** Places a drawn message by its seq, whatever order messages arrive in. */
  insertMessage(threadId: string, el: HTMLElement, seq: number): void {
    const list = this.sections.get(threadId)?.list;
    if (!list) return;
    const last = list.lastElementChild as HTMLElement | null;
    const after = !last || Number(last.dataset.seq) < seq ? null : Array.from(list.children).find((c) => Number((c as HTMLElement).dataset.seq) > seq);
    list.insertBefore(el, after ?? null);
  }

  /** Answers false when the section already shows this status. */
  markStatus(threadId: string, status: ConversationStatus): boolean {
    const section = this.sections.get(threadId)?.section;
    if (!section || section.dataset.status === status) return false;
    section.dataset.status = status;
    section.querySelector(':scope > .divider')?.remove();
    if (status === 'ended') section.append(h('div', { class: 'divider', role: 'separator' }, this.t('ended')));
    return true;
  }

  /** A conversation that could not be loaded, with a way to try again. */
  loadFailed(threadId: string, retry: () => void): void {
    const button = h('button', { type: 'button', class: 'linkish' }, this.t('tryAgain'));
    const note = h('div', { class: 'msg system' }, this.t('loadFailed'), ' ', button);
    button.addEventListener('click', () => {
      note.remove();
      retry();
    });
    this.sections.get(threadId)?.list.append(note);
  }

  clearStartFailed(): void {
    this.ui.notice.querySelector('.start-failed')?.remove();
  }

  startFailed(text: string, retry: () => void): void {
    const button = h('button', { type: 'button', class: 'linkish' }, this.t('tryAgain'));
    button.addEventListener('click', retry);
    this.ui.notice.append(h('div', { class: 'msg system start-failed' }, text, ' ', button));
  }

  restartButton(show: boolean, restart: () => void): void {
    const existing = this.ui.notice.querySelector('.restart');
    if (show && !existing) {
      const btn = h('button', { type: 'button', class: 'btn restart' }, this.t('newChat'));
      btn.addEventListener('click', restart);
      this.ui.notice.append(btn);
    } else if (!show && existing) existing.remove();
  }

  // ---- pending messages ----------------------------------------------------------------------------------------

  drawPending(item: Outgoing): void {
    const text = item.request.type === 'text' ? item.request.text : (item.request.text ?? item.request.payload);
    const status = h('div', { class: item.state === 'failed' ? 'state failed' : 'state' });
    if (item.state === 'failed') {
      const retry = h('button', { type: 'button', class: 'linkish' }, this.t('retry'));
      retry.addEventListener('click', () => this.actions.retry(item));
      const discard = h('button', { type: 'button', class: 'linkish' }, this.t('discard'));
      discard.addEventListener('click', () => this.actions.discard(item));
      status.append(h('span', {}, item.error ? `${this.t('failed')} ${item.error}` : this.t('failed')), retry, discard);
    } else {
      status.textContent = this.t(item.state === 'slow' ? 'slow' : item.state === 'queued' ? 'queued' : 'sending');
    }
    const el = h('div', { class: 'msg customer pending', 'data-local': item.localId }, h('div', { class: 'bubble' }, text), status);
    const drawn = this.pending.get(item.localId);
    if (drawn?.parentNode) drawn.replaceWith(el);
    else this.ui.outboxEl.append(el);
    this.pending.set(item.localId, el);
  }

  removePending(item: Outgoing): void {
    this.pending.get(item.localId)?.remove();
    this.pending.delete(item.localId);
  }

  destroy(): void {
    this.host.remove();
  }
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
