import { randomBytes } from 'node:crypto';
import type { MetaStore } from '../store/meta';

/** What the email follow-up needs; absent (undefined) when PARLEY_SMTP_URL is not set, and then nothing promises email. */
export interface EmailConfig {
  /** smtp:// or smtps:// with the credentials in it: handed to nodemailer, never logged or put in an error text. */
  smtpUrl: string;
  /** The From header as the operator wrote it: `Shop support <support@shop.example>` or a bare address. */
  from: string;
  /** The domain of the From address: replies go to `reply+<token>@` this domain. */
  replyDomain: string;
  /** The shared secret an inbound-email provider sends in X-Parley-Inbound-Secret; without it inbound is off. */
  inboundSecret?: string | undefined;
  /** Signs reply and resume tokens (replyToken.ts); the same in every process of one deployment. */
  tokenKey: Buffer;
  /** A customer seen this recently (ms) still counts as connected: no email. Default 2 minutes. */
  presenceWindowMs: number;
  /** How long a link or reply address in an email keeps working (ms). Default 30 days. */
  tokenTtlMs: number;
  /** The shop's page with the widget that links open (PARLEY_EMAIL_RESUME_PAGE); default Parley's own demo page. */
  resumePage?: string | undefined;
  /** Where links point when PARLEY_PUBLIC_URL is not set: the origin the server announces (main.ts). */
  linkOrigin?: string | undefined;
}

export class EmailConfigError extends Error {}

export const DEFAULT_PRESENCE_WINDOW_MS = 120_000;
export const DEFAULT_TOKEN_TTL_MS = 30 * 86_400_000;
const EXAMPLE_URL = 'smtp://user:password@smtp.example.com:587';

/** The address inside `Name <address>` or a bare address; undefined when there is none. */
export function addressOf(from: string): string | undefined {
  const inside = /<([^<>\s]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(inside) ? inside : undefined;
}

/**
 * Reads the email settings. Unset PARLEY_SMTP_URL means no email at all (undefined). A setting that cannot work is an
 * EmailConfigError whose message names the variable and never repeats the URL (it holds the SMTP password).
 */
export function parseEmailConfig(env: NodeJS.ProcessEnv, tokenKey: Buffer): EmailConfig | undefined {
  const raw = env.PARLEY_SMTP_URL;
  if (raw === undefined || raw.trim() === '') {
    if (env.PARLEY_INBOUND_EMAIL_SECRET) throw new EmailConfigError('PARLEY_INBOUND_EMAIL_SECRET is set but PARLEY_SMTP_URL is not: replies by email continue conversations that Parley emailed, so set PARLEY_SMTP_URL too');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new EmailConfigError(`PARLEY_SMTP_URL is not a URL; write it like ${EXAMPLE_URL} (smtps:// for TLS from the start)`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new EmailConfigError(`PARLEY_SMTP_URL must start with smtp:// or smtps://, like ${EXAMPLE_URL}`);
  if (!url.hostname) throw new EmailConfigError(`PARLEY_SMTP_URL has no host; write it like ${EXAMPLE_URL}`);
  const from = env.PARLEY_EMAIL_FROM?.trim();
  if (!from) throw new EmailConfigError('PARLEY_EMAIL_FROM is required with PARLEY_SMTP_URL: the address customers get email from, like "Shop support <support@shop.example>"');
  const address = addressOf(from);
  if (!address) throw new EmailConfigError(`PARLEY_EMAIL_FROM "${from}" has no email address in it; write it like "Shop support <support@shop.example>"`);
  const inboundSecret = env.PARLEY_INBOUND_EMAIL_SECRET;
  if (inboundSecret !== undefined && inboundSecret.length < 16) throw new EmailConfigError('PARLEY_INBOUND_EMAIL_SECRET must have at least 16 characters (a long random string you also give your inbound-email provider)');
  const minutes = env.PARLEY_EMAIL_PRESENCE_MINUTES;
  const presence = minutes === undefined ? DEFAULT_PRESENCE_WINDOW_MS : Number(minutes) * 60_000;
  if (!Number.isFinite(presence) || presence < 60_000) throw new EmailConfigError('PARLEY_EMAIL_PRESENCE_MINUTES must be a number of minutes, at least 1');
  const resumePage = env.PARLEY_EMAIL_RESUME_PAGE?.trim() || undefined;
  if (resumePage !== undefined && (!/^https?:\/\/[^/\s]/i.test(resumePage) || resumePage.includes('#'))) {
    throw new EmailConfigError(`PARLEY_EMAIL_RESUME_PAGE must be an http(s) page with the widget on it and no #fragment, like https://shop.example/help`);
  }
  return {
    resumePage,
    smtpUrl: raw.trim(),
    from,
    replyDomain: address.slice(address.lastIndexOf('@') + 1).toLowerCase(),
    inboundSecret: inboundSecret || undefined,
    tokenKey,
    presenceWindowMs: presence,
    tokenTtlMs: DEFAULT_TOKEN_TTL_MS,
  };
}

/**
 * The key that signs email tokens: made once per deployment and kept in the database, so every process (and every
 * restart) accepts the links the others emailed. Processes starting together agree on the first one stored.
 */
export async function emailTokenKey(meta: MetaStore): Promise<Buffer> {
  const kept = await meta.claim('email.tokenKey', randomBytes(32).toString('base64'));
  return Buffer.from(kept, 'base64');
}
