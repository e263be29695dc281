import { describe, expect, it } from 'vitest';
import { linkify, safeUrl, segments } from './links';

describe('segments', () => {
  it('finds URLs and leaves sentence punctuation outside them', () => {
    expect(segments('See https://example.com/a. Or (https://example.com/b), thanks')).toEqual([
      { text: 'See ' },
      { text: 'https://example.com/a', href: 'https://example.com/a' },
      { text: '. Or (' },
      { text: 'https://example.com/b', href: 'https://example.com/b' },
      { text: '), thanks' },
    ]);
  });

  it('keeps brackets that belong to the URL', () => {
    expect(segments('https://en.wikipedia.org/wiki/Tea_(meal)')[0]).toEqual({ text: 'https://en.wikipedia.org/wiki/Tea_(meal)', href: 'https://en.wikipedia.org/wiki/Tea_(meal)' });
  });

  it('links www. addresses over https and email addresses as mailto', () => {
    expect(segments('www.northwind.example or help@northwind.example')).toEqual([
      { text: 'www.northwind.example', href: 'https://www.northwind.example/' },
      { text: ' or ' },
      { text: 'help@northwind.example', href: 'mailto:help@northwind.example' },
    ]);
  });

  it('returns plain text untouched', () => {
    expect(segments('<img src=x onerror=alert(1)>')).toEqual([{ text: '<img src=x onerror=alert(1)>' }]);
  });
});

describe('safeUrl', () => {
  it('refuses script and data URLs and relative paths', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl(' JAVASCRIPT:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(safeUrl('/relative')).toBeNull();
    expect(safeUrl('https://ok.example/x')).toBe('https://ok.example/x');
  });
});

describe('linkify', () => {
  it('builds text nodes and anchors, never markup', () => {
    const host = document.createElement('div');
    host.append(linkify('<b>hi</b> https://example.com <img src=x onerror=alert(1)>'));
    expect(host.querySelector('b')).toBeNull();
    expect(host.querySelector('img')).toBeNull();
    const a = host.querySelector('a')!;
    expect(a.href).toBe('https://example.com/');
    expect(a.target).toBe('_blank');
    expect(a.rel).toContain('noopener');
    expect(host.textContent).toBe('<b>hi</b> https://example.com <img src=x onerror=alert(1)>');
  });
});
