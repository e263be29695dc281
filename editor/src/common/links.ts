import { h } from './dom';

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/** A URL fit for an href: absolute http(s), mailto or tel only, so `javascript:` and friends never become links. */
export function safeUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

export function safeImageUrl(raw: string | undefined): string | null {
  const url = safeUrl(raw);
  return url && /^https?:/.test(url) ? url : null;
}

export function externalLink(href: string, label: string, className?: string): HTMLAnchorElement {
  // noopener keeps the opened page from reaching back into the shop through window.opener.
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: className }, label);
}

const URLISH = /\bhttps?:\/\/[^\s<>"]+|\bwww\.[^\s<>"]+\.[^\s<>"]+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/gi;
const TRAILING = /[.,;:!?'"]+$/;

export interface Segment {
  text: string;
  href?: string;
}

/** Splits plain text into runs, with a safe href on the runs that are URLs or email addresses. */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URLISH)) {
    let found = match[0];
    const start = match.index ?? 0;
    found = found.replace(TRAILING, '');
    // A closing bracket belongs to the sentence unless the URL itself opened one, as in Wikipedia links.
    if (found.endsWith(')') && !found.includes('(')) found = found.slice(0, -1);
    const href = found.includes('@') && !found.includes('/') ? safeUrl(`mailto:${found}`) : safeUrl(found.startsWith('www.') ? `https://${found}` : found);
    if (!href) continue;
    if (start > last) out.push({ text: text.slice(last, start) });
    out.push({ text: found, href });
    last = start + found.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** Plain text with its links made clickable, built from text nodes and <a> elements, never from markup. */
export function linkify(text: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  for (const s of segments(text)) frag.appendChild(s.href ? externalLink(s.href, s.text) : document.createTextNode(s.text));
  return frag;
}
