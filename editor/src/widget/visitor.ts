import type { Visitor } from '@parley/shared';
import { local, randomId, session } from './storage';

const VISITOR_KEY = 'parley:visitor';
const PAGES_KEY = 'parley:pages';
const MAX_PAGES = 50;

type Page = NonNullable<Visitor['pages']>[number];

const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

/** Remembers this page in the session's trail, so an agent can see where the customer has been. */
export function recordPageView(): void {
  const pages = session.get<Page[]>(PAGES_KEY) ?? [];
  const url = cut(location.href, 2000);
  // A reload is not a new page.
  if (pages.at(-1)?.url !== url) pages.push({ url, title: cut(document.title, 300), at: new Date().toISOString() });
  session.set(PAGES_KEY, pages.slice(-MAX_PAGES));
}

export function visitorId(): string {
  let id = local.get<string>(VISITOR_KEY);
  if (typeof id !== 'string' || !id) {
    id = randomId();
    local.set(VISITOR_KEY, id);
  }
  return id;
}

export function describeVisitor(): Visitor {
  const ua = navigator.userAgent;
  return {
    id: visitorId(),
    locale: cut(navigator.language || 'en', 35),
    browser: cut(browserOf(ua), 100),
    os: cut(osOf(ua), 100),
    device: deviceOf(ua),
    page: cut(location.href, 2000),
    pages: (session.get<Page[]>(PAGES_KEY) ?? []).slice(-MAX_PAGES),
  };
}

export function browserOf(ua: string): string {
  const rules: [RegExp, string][] = [
    [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
    [/OPR\/(\d+)/, 'Opera'],
    [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
    [/Whale\/(\d+)/, 'Whale'],
    [/Firefox\/(\d+)/, 'Firefox'],
    [/CriOS\/(\d+)/, 'Chrome'],
    [/Chrom(?:e|ium)\/(\d+)/, 'Chrome'],
    [/Version\/(\d+).*Safari/, 'Safari'],
  ];
  for (const [re, name] of rules) {
    const m = re.exec(ua);
    if (m) return `${name} ${m[1]}`;
  }
  return 'Other';
}

export function osOf(ua: string): string {
  if (/iPhone|iPad|iPod/.test(ua)) return 'iOS';
  if (/Android/.test(ua)) return 'Android';
  if (/CrOS/.test(ua)) return 'ChromeOS';
  if (/Windows/.test(ua)) return 'Windows';
  if (/Mac OS X|Macintosh/.test(ua)) return 'macOS';
  if (/Linux/.test(ua)) return 'Linux';
  return 'Other';
}

export function deviceOf(ua: string): string {
  if (/iPad|Tablet/.test(ua) || (/Android/.test(ua) && !/Mobile/.test(ua))) return 'tablet';
  if (/Mobi|iPhone|iPod/.test(ua)) return 'mobile';
  return 'desktop';
}
