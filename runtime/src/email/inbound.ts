import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { MAX_TEXT } from '@parley/shared';
import type { Store } from '../store';
import type { TurnEngine } from '../engine/turn';
import type { EmailConfig } from './config';
import { customerAddress } from './agentReplyEmail';
import { checkToken, tokenInAddress } from './replyToken';

/** Why an inbound email was not taken: an HTTP status, a code and a sentence, as the route answers it. */
export interface InboundRefusal {
  ok: false;
  status: 400 | 401 | 403 | 404 | 409;
  code: string;
  message: string;
}

export type InboundResult = { ok: true; conversationId: string; seq: number } | InboundRefusal;

const refuse = (status: InboundRefusal['status'], code: string, message: string): InboundRefusal => ({ ok: false, status, code, message });

/** Lines that open a quoted earlier message in common mail clients (Gmail, Apple Mail, Outlook, Naver, Korean Gmail). */
const QUOTE_HEADERS = [
  /^\s*On\b[^\n]*\bwrote:\s*$/i,
  /^\s*On\b[^\n]*\n[^\n]*\bwrote:\s*$/i,
  /^.*님이 작성:\s*$/,
  /^\s*-{2,}\s*(Original Message|Forwarded message|원본 메시지)\s*-{2,}\s*$/i,
  /^\s*_{10,}\s*$/,
  /^\s*From:\s.+\n\s*(Sent|Date):\s/i,
];

/**
 * The new part of a reply: everything above the first quote header, without `>` lines or a `-- ` signature.
 * Mail clients quote in their own ways; these cover the common ones, and what they miss stays (too much text beats
 * a lost reply).
 */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const here = lines[i]!;
    const pair = `${here}\n${lines[i + 1] ?? ''}`;
    if (QUOTE_HEADERS.some((p) => p.test(here) || (p.source.includes('\\n') && p.test(pair)))) break;
    if (here === '-- ' || here === '--') break;
    if (/^\s*>/.test(here)) continue;
    kept.push(here);
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.flatMap((v) => [v.address ?? '', ...(v.group ?? []).map((g) => g.address ?? '')])).filter(Boolean);

/** Every address the mail was for: To and Cc, and the envelope recipients that providers pass as headers. */
function recipients(mail: ParsedMail): string[] {
  const headerAddresses = ['delivered-to', 'x-original-to', 'envelope-to'].flatMap((name) => {
    const value = mail.headers.get(name);
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return values.flatMap((v) => (typeof v === 'string' ? v.split(',') : addresses(v as AddressObject)));
  });
  return [...addresses(mail.to), ...addresses(mail.cc), ...headerAddresses].map((a) => a.trim().replace(/^<|>$/g, ''));
}

/**
 * A customer's reply by email, as raw MIME, into their conversation: the reply address's token names the
 * conversation (401 when it is not ours or has expired), the sender must be the address we emailed (403), and the new
 * text (quoted history removed) is the customer's message, through the TurnEngine like any other: in handoff it is
 * added to the ticket. The Message-ID makes a provider's retry a replay, not a second message.
 */
export async function takeInboundEmail(deps: { store: Store; turns: TurnEngine; config: EmailConfig; now: Date }, raw: Buffer): Promise<InboundResult> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipHtmlToText: false, skipImageLinks: true, skipTextLinks: true });
  } catch {
    return refuse(400, 'invalid_email', 'The body is not an email message (raw MIME)');
  }
  const token = recipients(mail).map((a) => tokenInAddress(a, deps.config.replyDomain)).find((t) => t !== undefined);
  if (!token) return refuse(401, 'invalid_token', 'The email is not addressed to a reply address of ours (reply+…@' + deps.config.replyDomain + ')');
  const check = checkToken(deps.config.tokenKey, token, deps.now);
  if (!check.ok) return refuse(401, 'invalid_token', check.reason === 'expired' ? 'The reply address has expired; the customer can use the chat instead' : 'The reply address is not one we sent');
  const conversation = await deps.store.conversations.get(check.conversationId);
  if (!conversation) return refuse(401, 'invalid_token', 'The reply address is not one we sent');

  const from = mail.from?.value[0]?.address?.trim().toLowerCase();
  const expected = ((await deps.store.email.thread(conversation.id))?.address ?? customerAddress(conversation))?.toLowerCase();
  if (!from || !expected || from !== expected) return refuse(403, 'wrong_sender', 'Replies to this conversation are taken only from the address it was emailed to');

  const text = stripQuoted(mail.text ?? '').slice(0, MAX_TEXT).trim();
  if (!text) return refuse(400, 'empty_reply', 'The reply has no text of its own above the quoted message');
  if (conversation.status === 'ended') return refuse(409, 'conversation_ended', 'This conversation has ended; the customer can start a new one in the chat');
  const clientId = mail.messageId ? `email-${createHash('sha256').update(mail.messageId).digest('base64url').slice(0, 40)}` : undefined;
  const result = await deps.turns.customerMessage(conversation.id, { type: 'text', text, ...(clientId ? { clientId } : {}) });
  return { ok: true, conversationId: conversation.id, seq: result.messages[0]?.seq ?? conversation.lastSeq };
}
