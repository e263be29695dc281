import type { Button, Message } from '@parley/shared';
import { h } from './dom';
import { externalLink, linkify, safeImageUrl, safeUrl } from '../common/links';
import type { Translate } from './i18n';

export interface RenderContext {
  t: Translate;
  postback(button: Button): void;
}

/** One stored message as DOM. Every string from the server lands in a text node or an attribute, never in markup. */
export function renderMessage(m: Message, ctx: RenderContext): HTMLElement {
  const p = m.payload;
  const row = h('div', { class: `msg ${m.author}`, 'data-seq': String(m.seq), title: timeOf(m.createdAt) });
  if (p.type === 'system') {
    row.className = 'msg system';
    row.append(linkify(p.text));
    return row;
  }
  if (m.author === 'agent') row.append(h('div', { class: 'who' }, ctx.t('agent')));
  if (p.type === 'customer') {
    row.append(bubble(p.text));
    return row;
  }
  if (p.text) row.append(bubble(p.text));
  switch (p.type) {
    case 'text':
      break;
    case 'options':
      row.append(buttons(p.buttons, m.seq, ctx, true));
      break;
    case 'input':
      if (p.error) row.append(h('div', { class: 'error', role: 'alert', id: `err-${m.seq}` }, p.error));
      if (p.inputType === 'choice' && p.choices?.length) row.append(buttons(p.choices, m.seq, ctx, true));
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
              h('div', { class: 'card-body' }, h('h3', {}, card.title), card.description ? h('p', {}, card.description) : null, buttons(card.buttons, m.seq, ctx, false)),
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
            link.append(...body.filter((x): x is HTMLElement => x !== null), h('span', { class: 'sr' }, ` ${ctx.t('opensNewTab')}`));
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

/**
 * Postback buttons carry the message's seq so the widget can switch off answers to questions already past;
 * link buttons always work, and open in a new tab so the chat stays where it is.
 */
function buttons(list: Button[], seq: number, ctx: RenderContext, quickReplies: boolean): HTMLElement {
  const row = h('div', { class: quickReplies ? 'buttons qr' : 'buttons' });
  for (const b of list) {
    if (b.action === 'link') {
      const href = safeUrl(b.url);
      if (!href) continue;
      const a = externalLink(href, b.label, 'btn link');
      a.append(h('span', { class: 'sr' }, ` ${ctx.t('opensNewTab')}`));
      row.append(a);
    } else {
      const btn = h('button', { type: 'button', class: 'btn', 'data-postback': String(seq) }, b.label);
      btn.addEventListener('click', () => ctx.postback(b));
      row.append(btn);
    }
  }
  return row;
}

function timeOf(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString();
}
