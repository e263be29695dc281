import { describe, expect, it, vi } from 'vitest';
import { checkAddress, guardedLookup, parseAllowHosts, type ResolvedAddress } from './addressGuard';

const none = parseAllowHosts(undefined);
const refused = (ip: string, host = ip, port = 443, allow = none) => !checkAddress(ip, host, port, allow).ok;

describe('checkAddress without an allow list', () => {
  it.each([
    ['loopback', '127.0.0.1'],
    ['loopback, anywhere in 127/8', '127.45.6.7'],
    ['private 10/8', '10.1.2.3'],
    ['private 172.16/12, low end', '172.16.0.1'],
    ['private 172.16/12, high end', '172.31.255.255'],
    ['private 192.168/16', '192.168.1.1'],
    ['link-local', '169.254.1.1'],
    ['the cloud metadata address', '169.254.169.254'],
    ['carrier-grade NAT, low end', '100.64.0.1'],
    ['carrier-grade NAT, high end', '100.127.255.255'],
    ['unspecified IPv4', '0.0.0.0'],
    ['this-network 0/8', '0.1.2.3'],
    ['multicast IPv4', '224.0.0.1'],
    ['broadcast', '255.255.255.255'],
    ['reserved 240/4', '240.0.0.1'],
    ['loopback IPv6', '::1'],
    ['loopback IPv6 in URL brackets', '[::1]'],
    ['unspecified IPv6', '::'],
    ['unique-local fc00::/7', 'fc00::1'],
    ['unique-local fd00::/8', 'fd12:3456::1'],
    ['link-local IPv6', 'fe80::1'],
    ['link-local IPv6 with a zone', 'fe80::1%eth0'],
    ['multicast IPv6', 'ff02::1'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
    ['IPv4-mapped loopback in hex', '::ffff:7f00:1'],
    ['IPv4-mapped private', '::ffff:10.0.0.1'],
    ['IPv4-mapped metadata', '::ffff:169.254.169.254'],
    ['IPv4-mapped in URL brackets', '[::ffff:192.168.0.1]'],
    ['NAT64 carrying a private address', '64:ff9b::a00:1'],
    ['a non-address', 'example.com'],
    ['a decimal-integer spelling of loopback', '2130706433'],
    ['a hex spelling of loopback', '0x7f.0.0.1'],
  ])('refuses %s (%s)', (_what, ip) => {
    const result = checkAddress(ip, ip, 80, none);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/\S/);
  });

  it.each([
    ['a public IPv4', '93.184.216.34'],
    ['just outside 172.16/12', '172.32.0.1'],
    ['just outside carrier-grade NAT', '100.128.0.1'],
    ['just outside 192.168/16', '192.169.0.1'],
    ['a public IPv6', '2606:4700:4700::1111'],
    ['IPv4-mapped public', '::ffff:8.8.8.8'],
    ['NAT64 carrying a public address', '64:ff9b::808:808'],
  ])('allows %s (%s)', (_what, ip) => {
    expect(checkAddress(ip, ip, 80, none)).toEqual({ ok: true });
  });

  it('names the host, the address and the range in its reason', () => {
    const result = checkAddress('169.254.169.254', 'metadata.internal', 80, none);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('metadata.internal (169.254.169.254) is a link-local address') });
  });
});

describe('parseAllowHosts', () => {
  it('reads an empty or missing spec as no entries', () => {
    expect(parseAllowHosts(undefined).entries).toEqual([]);
    expect(parseAllowHosts(' , ,').entries).toEqual([]);
  });

  it('allows a host name, whatever address it resolves to, on any port', () => {
    const allow = parseAllowHosts('orders.internal');
    expect(refused('10.0.0.5', 'orders.internal', 8080, allow)).toBe(false);
    expect(refused('10.0.0.5', 'ORDERS.internal.', 443, allow)).toBe(false);
    expect(refused('10.0.0.5', 'other.internal', 8080, allow)).toBe(true);
    expect(refused('10.0.0.5', 'x.orders.internal', 8080, allow)).toBe(true);
  });

  it('allows a host name only on the port it names', () => {
    const allow = parseAllowHosts('orders.internal:8443');
    expect(refused('10.0.0.5', 'orders.internal', 8443, allow)).toBe(false);
    expect(refused('10.0.0.5', 'orders.internal', 443, allow)).toBe(true);
  });

  it('allows an IP, and only that IP', () => {
    const allow = parseAllowHosts('10.0.0.5');
    expect(refused('10.0.0.5', 'anything', 80, allow)).toBe(false);
    expect(refused('10.0.0.6', 'anything', 80, allow)).toBe(true);
  });

  it('allows an IP only on the port it names', () => {
    const allow = parseAllowHosts('127.0.0.1:3000');
    expect(refused('127.0.0.1', '127.0.0.1', 3000, allow)).toBe(false);
    expect(refused('127.0.0.1', '127.0.0.1', 3001, allow)).toBe(true);
    expect(refused('127.0.0.2', '127.0.0.2', 3000, allow)).toBe(true);
  });

  it('allows a CIDR range, with and without a port', () => {
    const any = parseAllowHosts('10.0.0.0/8');
    expect(refused('10.200.1.1', 'h', 1, any)).toBe(false);
    expect(refused('172.16.0.1', 'h', 1, any)).toBe(true);
    const onPort = parseAllowHosts('192.168.0.0/16:9000');
    expect(refused('192.168.4.4', 'h', 9000, onPort)).toBe(false);
    expect(refused('192.168.4.4', 'h', 9001, onPort)).toBe(true);
  });

  it('matches the metadata address only when it is allowed explicitly', () => {
    expect(refused('169.254.169.254', 'h', 80, parseAllowHosts('169.254.0.0/16'))).toBe(false);
    expect(refused('169.254.169.254', 'h', 80, parseAllowHosts('169.254.169.253'))).toBe(true);
  });

  it('reads IPv6 entries bare, bracketed with a port, and as ranges', () => {
    expect(refused('fd00::1', 'h', 80, parseAllowHosts('fd00::1'))).toBe(false);
    expect(refused('[fd00::1]', 'h', 80, parseAllowHosts('fd00::1'))).toBe(false);
    expect(refused('fd00::2', 'h', 80, parseAllowHosts('fd00::1'))).toBe(true);
    expect(refused('fd00::1', 'h', 443, parseAllowHosts('[fd00::1]:443'))).toBe(false);
    expect(refused('fd00::1', 'h', 80, parseAllowHosts('[fd00::1]:443'))).toBe(true);
    expect(refused('fd12::9', 'h', 80, parseAllowHosts('fd00::/8'))).toBe(false);
    expect(refused('fe80::1', 'h', 80, parseAllowHosts('fd00::/8'))).toBe(true);
    expect(refused('fd12::9', 'h', 443, parseAllowHosts('[fd00::/8]:443'))).toBe(false);
  });

  it('matches IPv4-mapped IPv6 against IPv4 entries, and mapped entries against IPv4', () => {
    expect(refused('::ffff:127.0.0.1', 'h', 80, parseAllowHosts('127.0.0.1'))).toBe(false);
    expect(refused('::ffff:10.1.1.1', 'h', 80, parseAllowHosts('10.0.0.0/8'))).toBe(false);
    expect(refused('10.1.1.1', 'h', 80, parseAllowHosts('::ffff:10.0.0.0/104'))).toBe(false);
    expect(refused('10.1.1.1', 'h', 80, parseAllowHosts('::ffff:10.1.1.1'))).toBe(false);
    expect(refused('::ffff:10.1.1.1', 'h', 80, parseAllowHosts('127.0.0.1'))).toBe(true);
  });

  it('reads several entries, with spaces', () => {
    const allow = parseAllowHosts(' orders.internal , 10.0.0.0/8:81,127.0.0.1 ');
    expect(allow.entries).toHaveLength(3);
    expect(refused('127.0.0.1', 'h', 5, allow)).toBe(false);
    expect(refused('10.2.2.2', 'h', 81, allow)).toBe(false);
    expect(refused('10.2.2.2', 'h', 80, allow)).toBe(true);
  });

  it.each(['not a host', '10.0.0.0/33', 'host:99999', 'host:0', 'host:', 'host:80x', '[::1', '[::1]:', 'a..b', '-bad.example', '2130706433/8'])(
    'refuses to start with the bad entry %j',
    (spec) => {
      expect(() => parseAllowHosts(spec)).toThrow(/PARLEY_ALLOW_HOSTS/);
    },
  );
});

describe('guardedLookup', () => {
  const resolver = (answers: Record<string, ResolvedAddress[]>) =>
    vi.fn(async (host: string) => {
      const found = answers[host];
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return found;
    });

  it('passes a host whose addresses are all public', async () => {
    const lookup = guardedLookup(none, resolver({ 'api.example': [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800::1', family: 6 }] }));
    expect(await lookup('api.example', 443)).toEqual({ ok: true, addresses: expect.arrayContaining([expect.objectContaining({ address: '93.184.216.34' })]) });
  });

  it('refuses a host when any one of its addresses is refused', async () => {
    const lookup = guardedLookup(none, resolver({ 'mixed.example': [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.1', family: 4 }] }));
    expect(await lookup('mixed.example', 443)).toEqual({ ok: false, reason: expect.stringContaining('10.0.0.1') });
  });

  it('lets an allowed host name resolve to a private address', async () => {
    const lookup = guardedLookup(parseAllowHosts('orders.internal'), resolver({ 'orders.internal': [{ address: '10.0.0.1', family: 4 }] }));
    expect((await lookup('orders.internal', 443)).ok).toBe(true);
  });

  it('reports a name that does not resolve, or resolves to nothing, as a refusal', async () => {
    const lookup = guardedLookup(none, resolver({ 'empty.example': [] }));
    expect(await lookup('missing.example', 443)).toEqual({ ok: false, reason: expect.stringContaining('ENOTFOUND') });
    expect(await lookup('empty.example', 443)).toEqual({ ok: false, reason: expect.stringContaining('could not resolve') });
  });

  it('checks IP literals directly, without a lookup', async () => {
    const impl = resolver({});
    const lookup = guardedLookup(parseAllowHosts('[fd00::1]:443'), impl);
    expect((await lookup('169.254.169.254', 80)).ok).toBe(false);
    expect((await lookup('[::1]', 80)).ok).toBe(false);
    expect(await lookup('[fd00::1]', 443)).toEqual({ ok: true, addresses: [{ address: 'fd00::1', family: 6 }] });
    expect(impl).not.toHaveBeenCalled();
  });

  it('uses the system resolver by default', async () => {
    const lookup = guardedLookup(none);
    expect(await lookup('localhost', 80)).toEqual({ ok: false, reason: expect.stringMatching(/localhost \(.*\) is a loopback address/) });
  });
});
