import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { guardedLookup, type AllowList, type Resolver } from './addressGuard';

/**
 * fetch whose every connection goes to an address checked at connect time. Checking a name and then letting fetch
 * resolve it again would let a DNS answer that changes in between (rebinding) reach a refused address; here the
 * socket is opened to the very address that passed, with the original name kept for TLS.
 */
export function createGuardedFetch(allow: AllowList, lookup?: Resolver): typeof fetch {
  const check = guardedLookup(allow, lookup);
  const connect = buildConnector({ timeout: 10_000 });
  const agent = new Agent({
    connect: (options, callback) => {
      const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
      check(options.hostname, port).then(
        (result) => {
          if (!result.ok) return callback(new Error(`refused address: ${result.reason}`), null);
          const address = result.addresses[0]!.address;
          connect({ ...options, hostname: address, servername: options.servername ?? (isIp(options.hostname) ? undefined : options.hostname) } as typeof options, callback);
        },
        (error: Error) => callback(error, null),
      );
    },
  });
  return ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent })) as unknown as typeof fetch;
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
