import type { Button, Message } from '@parley/shared';
import { h } from '../dom';
import { externalLink, linkify, safeImageUrl, safeUrl } from '../links';

/** The renderer's own words, in the caller's language. */
export type MessageWord = 'agent' | 'opensNewTab';
/** Words added since some callers' dictionaries were made: such a caller may answer nothing, and the label is left out. */
export type NewerWord = 'business';

/** What only staff see (the builder's preview, the agent's transcript): how the customer answered, and what was asked. */
export interface StaffNotes {
  pressed?(payload: string): string;
  expects?(inputType: string): string;
  invalid?(error: string): string;
}

export interface RenderOptions {
  // A method, so a caller whose dictionary knows only `MessageWord` still fits (it may answer nothing for a `NewerWord`).
  t(key: MessageWord | NewerWord): string | undefined;
  /** Where a pressed postback button goes. Without it (a transcript), buttons are shown as labels that do nothing. */
  postback?: (button: Button) => void;
  /** Postback buttons drawn switched off, e.g. while a turn is in flight. */
  disabled?: boolean;
  staff?: StaffNotes;
  /** Names the agent (or the business) above their messages, as the customer sees them; a transcript names every author itself. */
  nameAgent?: boolean;
}

/**
 * One stored message as DOM, for the widget, the builder's preview and the agent's transcript alike. Every string
 * from the server lands in a text node or an attribute, never in markup.
 */
export function renderMessage(m: Message, o: RenderOptions): HTMLElement {
  const p = m.payload;
  const row = h('div', { class: `msg ${m.author}`, 'data-seq': String(m.seq), title: timeOf(m.createdAt) });
  if (p.type === 'system') {
    row.className = 'msg system';
    row.append(linkify(p.text));
    return row;
  }
  if (m.author === 'agent' && o.nameAgent !== false) row.append(h('div', { class: 'who' }, o.t('agent') ?? ''));
  // A third party speaking for the business (an integration holding the conversation) is named like an agent.
  const business = m.author === 'business' && o.nameAgent !== false ? o.t('business') : undefined;
  if (business) row.append(h('div', { class: 'who' }, business));
  if (p.type === 'customer') {
    row.append(bubble(p.text));
    if (o.staff?.pressed && p.payload) row.append(note(o.staff.pressed(p.payload)));
    return row;
  }
  if (p.text) row.append(bubble(p.text));
  switch (p.type) {
    case 'text':
      break;
    case 'options':
      row.append(buttons(p.buttons, m.seq, o, true));
      break;
    case 'input':
      if (o.staff?.expects) row.append(note(o.staff.expects(p.inputType)));
      if (p.error) row.append(h('div', { class: 'error', role: 'alert', id: `err-${m.seq}` }, o.staff?.invalid ? o.staff.invalid(p.error) : p.error));
      if (p.inputType === 'choice' && p.choices?.length) row.append(buttons(p.choices, m.seq, o, true));
      break;
    case 'carousel':
      row.classList.add('wide');
      row.append(
        h(
          'div',
          { class: 'carousel', role: 'list' },
          ...p.cards.map((card) => {
            const img = safeImageUrl(card.imageUrl);
            return h(
              'div',
              { class: 'card', role: 'listitem' },
              img ? h('img', { src: img, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer' }) : null,
              h('div', { class: 'card-body' }, h('h3', {}, card.title), card.description ? h('p', {}, card.description) : null, buttons(card.buttons, m.seq, o, false)),
            );
          }),
        ),
      );
      break;
    case 'articles':
      row.classList.add('wide');
      row.append(
        h(
          'ul',
          { class: 'articles' },
          ...p.articles.map((a) => {
            const href = safeUrl(a.url);
            const body = [h('strong', {}, a.title), a.snippet ? h('span', { class: 'snip' }, a.snippet) : null];
            if (!href) return h('li', { class: 'article' }, h('div', { class: 'article-box' }, ...body));
            const link = externalLink(href, '', 'article-box');
            link.append(...body.filter((x): x is HTMLElement => x !== null), h('span', { class: 'sr' }, ` ${o.t('opensNewTab') ?? ''}`));
            return h('li', { class: 'article' }, link);
          }),
        ),
      );
      break;
  }
  return row;
}

function bubble(text: string): HTMLElement {
  const b = h('div', { class: 'bubble' });
  b.append(linkify(text));
  return b;
}

function note(text: string): HTMLElement {
  return h('div', { class: 'msg-note' }, text);
}

/**
 * Postback buttons carry the message's seq so the widget can switch off answers to questions already past;
 * link buttons always work, and open in a new tab so the chat stays where it is.
 */
function buttons(list: Button[], seq: number, o: RenderOptions, quickReplies: boolean): HTMLElement {
  const row = h('div', { class: quickReplies ? 'buttons qr' : 'buttons' });
  for (const b of list) {
    if (b.action === 'link') {
      const href = safeUrl(b.url);
      if (!href) continue;
      const a = externalLink(href, b.label, 'btn link');
      a.append(h('span', { class: 'sr' }, ` ${o.t('opensNewTab') ?? ''}`));
      row.append(a);
    } else if (o.postback) {
      const pick = o.postback;
      const btn = h('button', { type: 'button', class: 'btn', 'data-postback': String(seq), disabled: o.disabled === true }, b.label);
      btn.addEventListener('click', () => pick(b));
      row.append(btn);
    } else {
      row.append(h('span', { class: 'btn inert' }, b.label));
    }
  }
  return row;
}

function timeOf(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString();
}
