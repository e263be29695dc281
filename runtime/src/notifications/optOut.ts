import { createHmac } from 'node:crypto';
import { sameSecret } from '../auth/constantTime';
import type { Store } from '../store';
import type { ChatLink } from '../store/channels';
import type { Identity } from '../store/profiles';

/**
 * Opting out of proactive notifications. On a messaging channel the customer sends one of the words below (the whole
 * message, trimmed, any case); in an email they follow the signed unsubscribe link. An opt-out belongs to the
 * identity it came from (a WhatsApp number, an address): notifications to it stop, the conversation itself does not.
 */
const STOP_WORDS = new Set(['stop', 'unsubscribe', '수신거부']);
const START_WORDS = new Set(['start', '수신동의']);

const isKorean = (text: string) => /[\uac00-\ud7a3]/.test(text);

/** The identity a platform chat is known by (the visitor id its conversations carry). */
export const chatIdentity = (link: Pick<ChatLink, 'channel' | 'chatId'>): Identity => ({ kind: 'visitor', value: `${link.channel}:${link.chatId}`.slice(0, 128) });

/**
 * What to answer when a customer's message is an opt-out or opt-in word, after recording it; undefined for any other
 * message (and for START from someone who had not opted out: that is a customer opening the chat).
 */
export async function optOutWord(store: Store, link: ChatLink, text: string, now: string): Promise<string | undefined> {
  const word = text.trim().toLowerCase();
  const identity = chatIdentity(link);
  if (STOP_WORDS.has(word)) {
    await store.notifications.optOut(identity, now, `${link.channel} message`);
    return isKorean(word)
      ? '알림 수신을 거부하셨어요. 더 이상 알림을 보내지 않을게요. 다시 받으시려면 "수신동의"를 보내 주세요.'
      : "You're unsubscribed: we won't send you notifications here any more. Reply START to get them again.";
  }
  if (START_WORDS.has(word) && (await store.notifications.optIn(identity))) {
    return isKorean(word) ? '알림을 다시 보내 드릴게요.' : "You're subscribed again: we'll send you notifications here.";
  }
  return undefined;
}

// An unsubscribe token names the notification whose email carried it: `<notification id>.<MAC>`, the MAC over the
// id with a purpose of its own, so no other token signed with the email key can pass for one. It does not expire: an
// unsubscribe link must work whenever the customer finds the email.
const SHAPE = /^(ntf_[0-9a-f]{20})\.([0-9a-f]{32})$/;

function mac(key: Buffer, notificationId: string): string {
  return createHmac('sha256', key).update(`parley-unsubscribe|${notificationId}`).digest('hex').slice(0, 32);
}

export function unsubscribeToken(key: Buffer, notificationId: string): string {
  return `${notificationId}.${mac(key, notificationId)}`;
}

/** The notification an unsubscribe token was made for, or undefined when it is not one of ours. */
export function checkUnsubscribeToken(key: Buffer, token: string): string | undefined {
  const m = SHAPE.exec(token.trim());
  if (!m) return undefined;
  return sameSecret(m[2]!, mac(key, m[1]!)) ? m[1] : undefined;
}
