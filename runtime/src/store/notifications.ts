import type { NotificationChannel, NotificationStatus } from '@parley/shared';
import type { Identity } from './profiles';

export type { NotificationChannel, NotificationStatus };

/** One proactive notification, as stored. */
export interface NotificationRow {
  id: string;
  botId: string;
  /** The customer's profile (rate limits count per profile). */
  profileId: string;
  channel: NotificationChannel;
  /** Where it goes in the channel's terms: a WhatsApp chat id, an email address, a widget visitor id. */
  address: string;
  status: NotificationStatus;
  conversationId: string | null;
  text: string;
  startAt: string | null;
  /** The delivery that sends it (`<kind> <target> <idempotency key>`), so its outcome can be read back. */
  delivery: string | null;
  createdAt: string;
  createdBy: string;
  sentAt: string | null;
  error: string | null;
}

export type NotificationChange = Partial<Pick<NotificationRow, 'status' | 'conversationId' | 'delivery' | 'sentAt' | 'error'>>;

/** The answer to a rate-limited insert: stored, or refused with when the oldest counted notification was made. */
export type Admission = { ok: true } | { ok: false; oldestAt: string };

/**
 * Proactive notifications: the notifications themselves (a web one waits, `queued`, for the customer's next visit),
 * the customers who opted out per identity, and the read of a customer's identities through their profile.
 */
export interface NotificationStore {
  /**
   * Stores a notification unless its profile already has `max` notifications (other than opted-out ones) made since
   * `since`; the count and the insert are one step, so two requests at once cannot both pass the last slot.
   */
  create(row: NotificationRow, limit: { max: number; since: string }): Promise<Admission>;
  get(id: string): Promise<NotificationRow | undefined>;
  update(id: string, change: NotificationChange): Promise<void>;
  /** The profile that has this identity, with all of its identities; undefined when no customer has it. */
  customer(identity: Identity): Promise<{ profileId: string; identities: Identity[] } | undefined>;
  /** The oldest queued web notice for a visitor and bot, marked sent (taken once); undefined when none waits. */
  takeWebNotice(visitorId: string, botId: string, at: string): Promise<NotificationRow | undefined>;
  /** Puts a taken web notice back (showing it failed). */
  returnWebNotice(id: string): Promise<void>;
  optOut(identity: Identity, at: string, source: string): Promise<void>;
  /** Opts back in; false when the identity had not opted out. */
  optIn(identity: Identity): Promise<boolean>;
  isOptedOut(identity: Identity): Promise<boolean>;
}
