import type { NewDelivery } from './deliveries';
import type { AnalyticsWrite } from './analytics';
import type { PersistedState, ConversationStatus, Message, Visitor } from '@parley/shared';

export interface ConversationRow {
  id: string;
  botId: string;
  flowVersion: number;
  status: ConversationStatus;
  state: PersistedState | null;
  nodeId: string | null;
  rowVersion: number;
  lastSeq: number;
  tokenHash: string;
  visitorId: string | null;
  visitor: Visitor;
  preview: 0 | 1;
  ip: string | null;
  verified: 0 | 1;
  forceHours: 'open' | 'closed' | null;
  createdAt: string;
  updatedAt: string;
  /** The integration holding control (the switchboard), read with the row so a turn needs no second query. */
  holder?: string | null | undefined;
}

/** What checking a visitor's token needs, without the flow state: the read every widget request makes. */
export type ConversationKey = Pick<ConversationRow, 'id' | 'botId' | 'status' | 'lastSeq' | 'tokenHash' | 'visitorId'>;

export type NewMessage = Pick<Message, 'author' | 'payload' | 'nodeId'> & { clientId?: string | undefined };

export interface TicketDraft {
  subject: string;
  priority: string;
  tags: string[];
  group: string;
  fields: Record<string, unknown>;
}

export interface TurnWrite {
  id: string;
  expectedRowVersion: number;
  status: ConversationStatus;
  state: PersistedState | null;
  nodeId: string | null;
  messages: NewMessage[];
  ticket?: TicketDraft | undefined;
  /** Resolved in the same transaction, so a conversation never ends while its ticket stays open. */
  resolveTicketId?: number | undefined;
  /** Outbound deliveries the turn causes (channel sends, webhooks), queued in the turn's own transaction. */
  deliveries?: NewDelivery[] | undefined;
  /** The integration that holds control after the turn (`null`: none); left as it is when undefined. */
  holder?: string | null | undefined;
  /** What the turn did, for analytics: recorded in the same transaction. */
  analytics?: AnalyticsWrite | undefined;
  now: string;
}

export interface TurnWritten {
  messages: Message[];
  ticketId: number | null;
  rowVersion: number;
}

export class ConflictError extends Error {
  constructor() {
    super('The conversation changed during the turn');
  }
}


export interface OutboxRow {
  id: number;
  topic: string;
  payload: { conversationId: string; ticketId?: number; from?: number; to?: number; status?: ConversationStatus; by?: string };
}

/** Conversations and their messages; a turn's whole outcome is written by `commitTurn` in one transaction. */
export interface NewConversation {
  id: string;
  botId: string;
  flowVersion: number;
  tokenHash: string;
  visitorId: string | null;
  visitor: Visitor;
  forceHours?: 'open' | 'closed' | null;
  ip?: string | null;
  verified?: boolean;
  now: string;
}

export interface ConversationStore {
  create(row: NewConversation): Promise<void>;
  /** How many conversations there are in all. */
  count(): Promise<number>;
  /**
   * Runs a turn holding the conversation's lock, across processes where the store is shared, so a turn's effects
   * (an API call) run once per customer message. Released on every path, and by the database when a holder dies.
   */
  withTurnLock<T>(id: string, run: () => Promise<T>): Promise<T>;
  get(id: string): Promise<ConversationRow | undefined>;
  /** The conversation's key fields only (no state, no visitor JSON to parse): what a request's access check reads. */
  key(id: string): Promise<ConversationKey | undefined>;
  byVisitor(visitorId: string): Promise<ConversationRow[]>;
  messagesAfter(id: string, after: number, limit?: number): Promise<Message[]>;
  /**
   * Among the same messages as `messagesAfter(id, after, limit)`, newest first, the first answer `pick` gives for a
   * message whose stored JSON contains `needle`. SQLite does the substring filter, so only candidates reach
   * JavaScript and are parsed, and the search stops at the first hit.
   */
  findRecent<T>(id: string, after: number, limit: number, needle: string, pick: (payload: Message['payload']) => T | undefined): Promise<T | undefined>;
  /**
   * Writes a turn: state, messages, any ticket and the outbox events, atomically. The row version check makes a
   * turn computed from a stale read fail instead of overwriting a newer one.
   */
  commitTurn(write: TurnWrite, lastSeq: number, botId: string): Promise<TurnWritten>;
  /** The customer message a client already sent with this id, and what answered it (up to the next customer message). */
  replayOf(id: string, clientId: string): Promise<Message[] | undefined>;
  /** Another device of a verified customer gets a token of its own for the same conversation. */
  addToken(id: string, tokenHash: string, now: string): Promise<void>;
  hasExtraToken(id: string, tokenHash: string): Promise<boolean>;
  latestOpenFor(visitorId: string, botId: string): Promise<string | undefined>;
  pruneOutbox(before: string): Promise<number>;
  /** The newest outbox row's id: where a process that starts now begins tailing. */
  outboxHead(): Promise<number>;
  outboxAfter(id: number, limit: number): Promise<OutboxRow[]>;
  /**
   * Calls `onChange` soon after any process commits outbox rows (PostgreSQL: LISTEN/NOTIFY, and once more after a
   * reconnect so the caller catches up). Stores without notifications return at once and the caller polls.
   * Returns how to stop watching.
   */
  watchOutbox(onChange: () => void): () => void;
}
