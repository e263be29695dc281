import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { z } from 'zod';
import type { Sender, SendResult } from '../outbox/dispatcher';
import type { EmailStore } from '../store/email';
import type { NewDelivery } from '../store/deliveries';
import type { EmailConfig } from './config';

export const EMAIL_KIND = 'email';

/**
 * An email delivery as queued: the whole message, rendered when the agent replied, so every retry sends the same
 * mail (same Message-ID, same text). Never the SMTP credentials: the sender has those.
 */
export const EmailDeliveryPayload = z.object({
  conversationId: z.string(),
  seq: z.number().int(),
  to: z.string(),
  replyTo: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  messageId: z.string(),
});
export type EmailDeliveryPayload = z.infer<typeof EmailDeliveryPayload>;

/** One reply, one key: a conversation's message `seq` is emailed at most once, whatever retries or races happen. */
export const emailKey = (conversationId: string, seq: number) => `${conversationId}:${seq}`;

/** A Message-ID made from the delivery's key: a retry the server did take already carries the same id, so it dedupes. */
export function messageIdFor(key: string, domain: string): string {
  return `<parley.${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

export function emailDelivery(mail: Omit<EmailDeliveryPayload, 'messageId'>, domain: string): NewDelivery {
  const key = emailKey(mail.conversationId, mail.seq);
  const payload: EmailDeliveryPayload = { ...mail, messageId: messageIdFor(key, domain) };
  return { kind: EMAIL_KIND, target: mail.to, idempotencyKey: key, payload };
}

interface SmtpError {
  message?: string;
  code?: string;
  responseCode?: number;
}

/** The SMTP password wherever a server or library echoed it, so it can reach no log or delivery row. */
function scrub(text: string, config: EmailConfig): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(config.smtpUrl).password);
  } catch {
    // parseEmailConfig checked the URL; nothing to hide if it somehow does not parse.
  }
  return password ? text.split(password).join('***') : text;
}

/**
 * What an SMTP failure means for the next attempt: a 5xx reply is the server's final no (a bad address, refused
 * credentials), so the delivery is dead; a 4xx reply ("try again later", greylisting) or no reply at all (connection
 * refused, timeout) is retried with the dispatcher's backoff.
 */
export function smtpFailure(error: unknown, config: EmailConfig): SendResult {
  const e = (error ?? {}) as SmtpError;
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const text = scrub(`${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`, config);
  if (code !== undefined && code >= 500) return { ok: false, status: code, error: text, retryable: false };
  return { ok: false, ...(code === undefined ? {} : { status: code }), error: text, retryable: true };
}

/** The nodemailer transport for PARLEY_SMTP_URL, with timeouts that end well inside the dispatcher's send timeout. */
export function createTransport(config: EmailConfig): Transporter {
  return nodemailer.createTransport(config.smtpUrl, {
    // Defaults nodemailer's URL form takes no options for; one attempt must not outlive the dispatcher's 15 s.
    connectionTimeout: 10_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  } as never);
}

/**
 * The dispatcher's sender for kind `email`: one message per delivery through the transport. After the server took it,
 * the conversation's email thread records the address (inbound replies must come from it) and the seq.
 */
export function emailSender(deps: { config: EmailConfig; transport: Pick<Transporter, 'sendMail'>; store: EmailStore; clock: () => Date }): Sender {
  return async (delivery) => {
    const parsed = EmailDeliveryPayload.safeParse(delivery.payload);
    if (!parsed.success) return { ok: false, error: 'The delivery is not an email this version understands', retryable: false };
    const mail = parsed.data;
    try {
      await deps.transport.sendMail({
        from: deps.config.from,
        to: mail.to,
        replyTo: mail.replyTo,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Parley-Conversation': mail.conversationId },
      });
    } catch (error) {
      return smtpFailure(error, deps.config);
    }
    await deps.store.recordEmailed(mail.conversationId, mail.to, mail.seq, deps.clock().toISOString());
    return { ok: true };
  };
}
