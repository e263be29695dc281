/**
 * One customer across channels. Every way a customer is known — the visitor id a conversation carries (`user:<id>`
 * for a verified JWT, `telegram:<chat id>` for a platform chat, the widget's device id) and an email address — points
 * at one profile, and every conversation that carries one of them belongs to it. Identities that turn out to be the
 * same customer (a Telegram chat that gives the email a verified web customer has) merge their profiles.
 */
export type IdentityKind = 'visitor' | 'email';

export interface Identity {
  kind: IdentityKind;
  value: string;
}

export interface ProfileConversation {
  conversationId: string;
  /** `web`, or the messaging channel's name. */
  channel: string;
}

export interface ProfileStore {
  /**
   * Ties a conversation and its identities to one profile, in one transaction: the profile any of them has (profiles
   * they show to be one customer are merged into the oldest-named one), else a new one named by `newId`. Returns the
   * profile's id.
   */
  link(conversation: ProfileConversation, identities: Identity[], now: string, newId: () => string): Promise<string>;
  profileOf(conversationId: string): Promise<string | undefined>;
  /** The profile's conversations, by conversation id. */
  conversationsOf(profileId: string): Promise<ProfileConversation[]>;
}
