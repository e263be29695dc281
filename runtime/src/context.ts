import type { Store } from './store';
import type { EventSink } from './webhooks/events';
import type { Hub } from './live/hub';
import { MAX_MESSAGES_PER_CONVERSATION, type TurnEngine } from './engine/turn';
import type { Logger } from './log';
import type { RoleTokens } from './http/auth';
import type { IdentityVerifier } from './auth/identity';
import type { StreamSlots } from './live/streamSlots';
import type { Lifecycle } from './lifecycle';

/** Abuse limits, per minute. Tests and benchmarks raise or lift them; production keeps the defaults. */
export interface Limits {
  loginPerMinute: number;
  conversationsPerIpPerMinute: number;
  messagesPerIpPerMinute: number;
  messagesPerConversationPerMinute: number;
  /** Messages one conversation may hold in all (not per minute). */
  messagesPerConversation: number;
  /** Open live streams at once (not per minute). */
  streamsPerConversation: number;
  streamsPerAddress: number;
}

export const DEFAULT_LIMITS: Limits = {
  loginPerMinute: 10,
  conversationsPerIpPerMinute: 30,
  messagesPerIpPerMinute: 600,
  messagesPerConversationPerMinute: 60,
  streamsPerConversation: 20,
  messagesPerConversation: MAX_MESSAGES_PER_CONVERSATION,
  streamsPerAddress: 200,
};

/** What every route handler may use; built once by createApp from the injected dependencies. */
export interface AppContext {
  store: Store;
  hub: Hub;
  turns: TurnEngine;
  clock: () => Date;
  log: Logger;
  tokens: RoleTokens;
  /** Appends to the audit log: who (the principal's actor name) did what. */
  audit(actor: string, action: string, detail: Record<string, unknown>): Promise<void>;
  limits: Limits;
  streams: StreamSlots;
  identity: IdentityVerifier | undefined;
  /** The origin customers and platforms reach this server on (PARLEY_PUBLIC_URL), when configured. */
  publicUrl?: string | undefined;
  /** Webhook events that happen outside a turn (queued after the change is committed). */
  events: EventSink;
  /** Draining for a graceful stop: refuses new turns, tracks those in flight, ends open event streams. */
  lifecycle: Lifecycle;
}
