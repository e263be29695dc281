import { createSecretKey } from 'node:crypto';
import { importSPKI, jwtVerify, type JWTPayload, type CryptoKey as JoseKey } from 'jose';

/** A customer the host page vouches for with a signed token: their conversations follow them across devices. */
export interface VerifiedCustomer {
  id: string;
  name?: string | undefined;
  email?: string | undefined;
}

export type IdentityVerifier = (token: string) => Promise<VerifiedCustomer>;

export class IdentityError extends Error {}

export interface IdentityConfig {
  /** HS256 shared secret. */
  secret?: string | undefined;
  /** RS256 public key, PEM (SPKI). */
  publicKey?: string | undefined;
  audience: string;
  issuer?: string | undefined;
}

/** Checks signature, algorithm, expiry (required), audience and issuer with jose; anything else is refused. */
export async function createIdentityVerifier(config: IdentityConfig): Promise<IdentityVerifier | undefined> {
  const keys: { key: Uint8Array | JoseKey | ReturnType<typeof createSecretKey>; alg: string }[] = [];
  if (config.secret) keys.push({ key: new TextEncoder().encode(config.secret), alg: 'HS256' });
  if (config.publicKey) keys.push({ key: await importSPKI(config.publicKey, 'RS256'), alg: 'RS256' });
  if (keys.length === 0) return undefined;
  return async (token) => {
    let payload: JWTPayload | undefined;
    for (const { key, alg } of keys) {
      try {
        ({ payload } = await jwtVerify(token, key as Uint8Array, {
          algorithms: [alg],
          audience: config.audience,
          ...(config.issuer ? { issuer: config.issuer } : {}),
          requiredClaims: ['exp', 'sub'],
          clockTolerance: 30,
        }));
        break;
      } catch {
        // Try the next configured key; none accepting it is the refusal below.
      }
    }
    if (!payload?.sub) throw new IdentityError('The identity token is not valid, has expired, or is not for this service');
    const str = (v: unknown) => (typeof v === 'string' && v.length <= 320 ? v : undefined);
    return { id: payload.sub.slice(0, 100), name: str(payload.name), email: str(payload.email) };
  };
}
