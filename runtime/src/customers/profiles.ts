import { randomUUID } from 'node:crypto';
import type { Store } from '../store';
import type { Identity } from '../store/profiles';
import { channelOfVisitor } from '../channels/registry';

/** `web` for the widget (and the SDK), else the messaging channel a conversation came in on. */
export function channelOfConversation(visitorId: string | null | undefined): string {
  return channelOfVisitor(visitorId) ?? 'web';
}

/** An address as one customer's identity: trimmed and lower-cased, or undefined when it is not an address at all. */
export function emailIdentity(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const email = value.trim().toLowerCase();
  return email.length <= 320 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : undefined;
}

/**
 * Ties a conversation to its customer's profile by what it knows of them: its visitor id (a verified customer's
 * `user:<id>`, a platform chat's `<channel>:<chat id>`, or the widget's device id) and an email address. Called when
 * a conversation starts with a known customer and when a ticket opens with the details the bot collected; an
 * anonymous widget conversation gets a profile only then, so the hot path of starting one writes nothing more.
 */
export async function linkCustomer(store: Store, conversation: { id: string; visitorId: string | null }, email: unknown, now: string): Promise<string | undefined> {
  const identities: Identity[] = [];
  if (conversation.visitorId) identities.push({ kind: 'visitor', value: conversation.visitorId });
  const address = emailIdentity(email);
  if (address) identities.push({ kind: 'email', value: address });
  if (identities.length === 0) return undefined;
  return store.profiles.link({ conversationId: conversation.id, channel: channelOfConversation(conversation.visitorId) }, identities, now, randomUUID);
}
