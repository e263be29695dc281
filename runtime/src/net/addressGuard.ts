import { promises as dns } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * Outbound requests from a bot step go to addresses an admin typed, or a customer's answer filled in,
 * so they must not reach the server's own network (loopback, private ranges, the cloud metadata address)
 * unless the operator says so in PARLEY_ALLOW_HOSTS.
 */

type Address = ipaddr.IPv4 | ipaddr.IPv6;

export type AllowEntry =
  | { kind: 'host'; host: string; port?: number }
  | { kind: 'cidr'; range: [Address, number]; port?: number };

export interface AllowList {
  entries: readonly AllowEntry[];
}

export type Check = { ok: true } | { ok: false; reason: string };

export interface ResolvedAddress {
  address: string;
  family: number;
}

export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

/** A bad entry stops the server at start-up: silently dropping a typo would refuse the host the operator meant to allow. */
export function parseAllowHosts(spec: string | undefined): AllowList {
  const entries: AllowEntry[] = [];
  for (const raw of (spec ?? '').split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const entry = parseEntry(item);
    if (!entry) throw new Error(`PARLEY_ALLOW_HOSTS: "${item}" is not a host name, IP address or CIDR range, with an optional :port`);
    entries.push(entry);
  }
  return { entries };
}

function parseEntry(item: string): AllowEntry | null {
  let target = item;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(item);
  if (bracketed) {
    target = bracketed[1]!;
    portText = bracketed[2];
  } else if (item.indexOf(':') === item.lastIndexOf(':') && item.includes(':')) {
    // One colon is host:port; more than one is a bare IPv6 address, which needs brackets to carry a port.
    [target, portText] = item.split(':') as [string, string];
  }

  let port: number | undefined;
  if (portText !== undefined) {
    if (!/^[0-9]{1,5}$/.test(portText)) return null;
    port = Number(portText);
    if (port < 1 || port > 65535) return null;
  }
  const withPort = <T extends AllowEntry>(e: T): T => (port === undefined ? e : { ...e, port });

  if (target.includes('/')) {
    if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(target) && !ipaddr.IPv6.isValidCIDR(target)) return null;
    const [address, bits] = ipaddr.parseCIDR(target);
    return withPort({ kind: 'cidr', range: normalizeRange(address, bits) });
  }
  const address = parseIp(target);
  if (address) return withPort({ kind: 'cidr', range: [address, address.kind() === 'ipv4' ? 32 : 128] });
  const host = normalizeHost(target);
  if (!/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(host)) return null;
  return withPort({ kind: 'host', host });
}

/** `::ffff:10.0.0.0/104` is written for IPv6 but means IPv4 addresses, which is how `process` hands them to us. */
function normalizeRange(address: Address, bits: number): [Address, number] {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [address, bits];
}

function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

/** URL hosts keep IPv6 brackets (`[::1]`); addresses from DNS do not. */
function parseIp(ip: string): Address | null {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  // Only the forms a URL parser or resolver produces: `parse` would also take `0x7f.1` or `2130706433`.
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare) && !ipaddr.IPv6.isValid(bare)) return null;
  try {
    return ipaddr.process(bare);
  } catch {
    return null;
  }
}

export function isIpLiteral(host: string): boolean {
  return parseIp(host) !== null;
}

function allowed(address: Address, host: string, port: number, allow: AllowList): boolean {
  const name = normalizeHost(host);
  return allow.entries.some((e) => {
    if (e.port !== undefined && e.port !== port) return false;
    if (e.kind === 'host') return e.host === name;
    return address.kind() === e.range[0].kind() && address.match(e.range);
  });
}

/**
 * Only ordinary public unicast passes on its own. Refusing every other named range (rather than listing the bad ones)
 * fails closed: reserved, benchmarking and NAT64 ranges, and any range a later ipaddr.js learns, need an explicit allow.
 */
export function checkAddress(ip: string, host: string, port: number, allow: AllowList): Check {
  const address = parseIp(ip);
  if (!address) return { ok: false, reason: `${host} did not resolve to a valid IP address` };
  const range = rangeOf(address);
  if (range === 'unicast' || allowed(address, host, port, allow)) return { ok: true };
  const shown = host === ip ? ip : `${host} (${address.toString()})`;
  return { ok: false, reason: `${shown} is a ${rangeName(range)} address; add it to PARLEY_ALLOW_HOSTS to allow it` };
}

const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');

/** On an IPv6-only network DNS64 hands out every IPv4 host inside 64:ff9b::/96; what matters is the IPv4 address it carries. */
function rangeOf(address: Address): string {
  if (address.kind() === 'ipv6' && address.match(NAT64)) {
    const parts = (address as ipaddr.IPv6).parts;
    const embedded = new ipaddr.IPv4([parts[6]! >> 8, parts[6]! & 0xff, parts[7]! >> 8, parts[7]! & 0xff]);
    return embedded.range();
  }
  return address.range();
}

function rangeName(range: string): string {
  const names: Record<string, string> = {
    loopback: 'loopback',
    private: 'private',
    linkLocal: 'link-local',
    uniqueLocal: 'unique-local',
    unspecified: 'unspecified',
    multicast: 'multicast',
    broadcast: 'broadcast',
    carrierGradeNat: 'carrier-grade NAT',
  };
  return names[range] ?? `reserved (${range})`;
}

const systemResolver: Resolver = (host) => dns.lookup(host, { all: true, verbatim: true });

/**
 * Every address is checked, not just the first: the connection may use any of them.
 * Lookup errors come back as refusals so a caller has one kind of failure to handle.
 */
export function guardedLookup(allow: AllowList, lookupImpl: Resolver = systemResolver) {
  return async (host: string, port: number): Promise<({ ok: true; addresses: ResolvedAddress[] }) | { ok: false; reason: string }> => {
    if (isIpLiteral(host)) {
      const check = checkAddress(host, host, port, allow);
      return check.ok ? { ok: true, addresses: [{ address: host.replace(/^\[|\]$/g, ''), family: host.includes(':') ? 6 : 4 }] } : check;
    }
    let addresses: ResolvedAddress[];
    try {
      addresses = await lookupImpl(host);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      return { ok: false, reason: `could not resolve ${host}${typeof code === 'string' ? ` (${code})` : ''}` };
    }
    if (addresses.length === 0) return { ok: false, reason: `could not resolve ${host}` };
    for (const { address } of addresses) {
      const check = checkAddress(address, host, port, allow);
      if (!check.ok) return check;
    }
    return { ok: true, addresses };
  };
}
