import { describe, expect, it, beforeEach } from 'vitest';
import { browserOf, deviceOf, osOf, recordPageView, describeVisitor } from './visitor';

const UA = {
  chromeMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  edgeWin: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87',
  safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  samsungTab: 'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Safari/537.36',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
};

describe('user agent parsing', () => {
  it('names the browser, OS and device type', () => {
    expect([browserOf(UA.chromeMac), osOf(UA.chromeMac), deviceOf(UA.chromeMac)]).toEqual(['Chrome 126', 'macOS', 'desktop']);
    expect([browserOf(UA.edgeWin), osOf(UA.edgeWin), deviceOf(UA.edgeWin)]).toEqual(['Edge 126', 'Windows', 'desktop']);
    expect([browserOf(UA.safariIphone), osOf(UA.safariIphone), deviceOf(UA.safariIphone)]).toEqual(['Safari 17', 'iOS', 'mobile']);
    expect([browserOf(UA.samsungTab), osOf(UA.samsungTab), deviceOf(UA.samsungTab)]).toEqual(['Samsung Internet 24', 'Android', 'tablet']);
    expect([browserOf(UA.firefoxLinux), osOf(UA.firefoxLinux), deviceOf(UA.firefoxLinux)]).toEqual(['Firefox 127', 'Linux', 'desktop']);
  });
});

describe('pages viewed', () => {
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
  });

  it('counts a reload once and keeps the last 50 pages', () => {
    recordPageView();
    recordPageView();
    expect(describeVisitor().pages).toHaveLength(1);
    for (let i = 0; i < 60; i++) {
      history.replaceState(null, '', `/p/${i}`);
      recordPageView();
    }
    const pages = describeVisitor().pages!;
    expect(pages).toHaveLength(50);
    expect(pages.at(-1)!.url).toMatch(/\/p\/59$/);
  });

  it('keeps one random visitor id per browser', () => {
    const a = describeVisitor().id;
    expect(a).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(describeVisitor().id).toBe(a);
  });
});
