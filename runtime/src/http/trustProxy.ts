import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** What Express's `trust proxy` setting takes, in the forms PARLEY_TRUST_PROXY can spell. */
export type TrustProxy = boolean | number | string;

/** Express's (proxy-addr's) names for address ranges. */
const NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export class TrustProxyError extends Error {}

/**
 * Reads PARLEY_TRUST_PROXY: which peers may tell the server, in X-Forwarded-For, the address of the client behind them.
 * That address is what per-address rate limits, blocks and stream caps see (`req.ip`). Unset, only a proxy on this
 * machine is trusted (`loopback`). Accepted, as Express accepts them:
 * - `loopback`, `linklocal`, `uniquelocal`, addresses (`10.0.0.7`, `::1`) and ranges (`10.0.0.0/8`, `fd00::/8`,
 *   `10.0.0.0/255.0.0.0`), comma-separated;
 * - a number of hops: trust that many proxies in front, whatever their addresses;
 * - `true` (believe any X-Forwarded-For: only when nothing can reach the server except through the proxy) or `false`.
 * Anything else throws a TrustProxyError with a one-line message, so a typo stops the server at start instead of
 * silently trusting the wrong peers.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '') return 'loopback';
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const items = value.split(',').map((item) => item.trim());
  for (const item of items) {
    const problem = NAMES.has(item) ? undefined : addressProblem(item);
    if (problem) {
      throw new TrustProxyError(
        `PARLEY_TRUST_PROXY: ${problem} in "${value}"; use loopback, linklocal, uniquelocal, addresses or CIDR ranges separated by commas (10.0.0.0/8,192.168.1.5), a number of proxy hops (1), true or false`,
      );
    }
  }
  return items.join(',');
}

/** Why `item` is not an address or range Express accepts, or undefined when it is one (the rules of proxy-addr). */
function addressProblem(item: string): string | undefined {
  if (item === '') return 'an empty entry';
  const slash = item.lastIndexOf('/');
  const address = slash === -1 ? item : item.slice(0, slash);
  if (isIP(address) === 0) return `"${item}" is not an address, a range or a known name`;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  if (slash === -1) return undefined;
  const max = ip.kind() === 'ipv6' ? 128 : 32;
  const range = item.slice(slash + 1);
  let bits: number | null = null;
  if (/^\d+$/.test(range)) bits = Number(range);
  else if (ip.kind() === 'ipv4' && isIP(range) === 4) bits = ipaddr.IPv4.parse(range).prefixLengthFromSubnetMask();
  return bits === null || bits <= 0 || bits > max ? `"${item}" has no valid prefix length or netmask` : undefined;
}
