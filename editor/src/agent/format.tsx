import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { segments } from '../common/links';

/** Text with its URLs as links. React renders every run as text; nothing is ever parsed as HTML. */
export function LinkText({ text }: { text: string }) {
  return (
    <>
      {segments(text).map((s, i) =>
        s.href ? (
          <a key={i} href={s.href} target="_blank" rel="noopener noreferrer">
            {s.text}
          </a>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

export function duration(ms: number, t: TFunction): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return t('time.s', { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('time.m', { n: m });
  const h = Math.floor(m / 60);
  if (h < 24) return t('time.h', { h, m: m % 60 });
  return t('time.d', { d: Math.floor(h / 24), h: h % 24 });
}

export function clock(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' }) : d.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The current time, refreshed on an interval, for "waiting 5m" labels that stay true. */
export function useNow(everyMs = 10_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

export function customerName(fields: Record<string, unknown>, visitor: { name?: string | undefined; email?: string | undefined; id?: string | undefined }): string {
  const name = fields.name ?? visitor.name ?? fields.email ?? visitor.email;
  if (typeof name === 'string' && name.trim()) return name;
  return visitor.id ? `#${visitor.id.slice(0, 6)}` : '—';
}
