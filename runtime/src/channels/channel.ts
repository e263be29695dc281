import type { z } from 'zod';
import type { MessagePayload } from '@parley/shared';
import type { SendResult } from '../outbox/dispatcher';

/** The request parts a channel's webhook signature or secret is checked against, exactly as they arrived. */
export interface InboundRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The body's bytes as received: signatures are computed over them, never over re-serialized JSON. */
  rawBody: Buffer | undefined;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/** What a platform reports about a message it took, in its order: a status never moves back (read stays read). */
export type DeliveryState = 'sent' | 'delivered' | 'read' | 'failed';
export const DELIVERY_STATES: readonly DeliveryState[] = ['sent', 'delivered', 'read'];

/** What every customer event can carry besides its content. */
interface EventBase {
  chatId: string;
  /** The platform's time for the event (ms since 1970): the events of one webhook call are handled in this order. */
  at?: number | undefined;
}

/** What a customer did on the platform, in Parley's terms. `chatId` is the platform's conversation with this customer. */
export type CustomerEvent =
  | (EventBase & { kind: 'text'; text: string; name?: string | undefined; /** LINE's reply token: a free reply for a short while. */ replyToken?: string | undefined })
  | (EventBase & {
      kind: 'postback';
      payload: string;
      name?: string | undefined;
      /** Acknowledged on the platform (a button's spinner). */
      ackId?: string | undefined;
      replyToken?: string | undefined;
    })
  /** A sticker, a photo, a voice note…: answered politely that only text and buttons are understood. */
  | (EventBase & { kind: 'unsupported'; what: string; replyToken?: string | undefined })
  /**
   * A delivery or read report: for the listed platform message ids, or (Messenger's watermark) for every message this
   * chat was sent up to `before` (ISO time).
   */
  | (EventBase & { kind: 'status'; status: DeliveryState; messageIds?: string[] | undefined; before?: string | undefined; error?: string | undefined });

/** One update from the platform: its id (for dropping the platform's retries) and what it carries. */
export interface ParsedUpdate {
  updateId: string;
  events: CustomerEvent[];
}

/** One call to the platform's API, ready to send: what `render` produces and a delivery's payload carries. */
export interface PlatformRequest {
  method: string;
  body: Record<string, unknown>;
  /** The Parley message (its sequence number) this request shows, so the platform's status reports can be tied to it. */
  seq?: number | undefined;
}

/** A send's result, with what the platform says about the message it took. */
export type ChannelSendResult = SendResult & {
  /** The platform's ids for the messages it took (for delivery and read reports). */
  messageIds?: string[] | undefined;
  /**
   * The platform refused the credentials (a revoked or wrong token): the channel is marked broken until an admin saves
   * its settings again, and the delivery is not retried.
   */
  credentialsRefused?: boolean | undefined;
};

/** What the turn that produced a batch of requests knows about how to answer on the platform. */
export interface ReplyContext {
  /** LINE: the reply token of the customer event this turn answers. */
  replyToken?: string | undefined;
}

/**
 * The same shape for every messaging channel: check that a webhook really comes from the platform, read its update
 * into customer events, render Parley's messages into the platform's requests within its limits, and send one.
 * A channel is plain data and functions over its validated `Config`: no SDK, no state.
 */
export interface ChannelAdapter<Config> {
  /** As in routes and delivery kinds (`channel:<name>`). */
  readonly name: string;
  /** The settings an admin gives; errors in it are the 400's message. */
  readonly configSchema: z.ZodType<Config>;
  /** The settings that are secrets: masked in every answer, never logged. */
  readonly secretFields: readonly string[];
  /** Whether a webhook call comes from the platform, as the platform documents it; a reason when not. */
  verify(request: InboundRequest, config: Config): Verdict;
  /** The update's id and events; undefined when the body is not an update of this platform at all. */
  parse(body: unknown): ParsedUpdate | undefined;
  /** A bot message as platform requests to `chatId`, in order, each within the platform's limits. */
  render(message: MessagePayload, chatId: string): PlatformRequest[];
  /**
   * How a postback payload travels on the platform (it may be shortened to fit); the inbound side matches pressed
   * buttons against recent ones through it.
   */
  encodePayload(payload: string): string;
  /** What the customer is told when they send what the channel cannot handle. */
  unsupportedReply(chatId: string): PlatformRequest;
  /** Acknowledges a button press on the platform, where it asks for that. */
  acknowledge(ackId: string): PlatformRequest | undefined;
  /** Sends one request with the injected (address-guarded) fetch. Errors never contain the secrets. */
  send(request: PlatformRequest, config: Config, fetch: typeof globalThis.fetch, signal?: AbortSignal): Promise<ChannelSendResult>;
  /**
   * Meta's `GET` webhook verification: the challenge to echo when `hub.mode` is `subscribe` and `hub.verify_token` is
   * the configured one, else undefined (403). Absent on platforms without a handshake.
   */
  handshake?(query: Record<string, unknown>, config: Config): string | undefined;
  /**
   * How long after the customer's last message free-form messages may be sent (WhatsApp: 24 hours); absent when
   * there is no such window.
   */
  readonly serviceWindowMs?: number;
  /** What to send instead outside the window (an approved template), or why nothing can be sent. */
  outsideWindow?(requests: PlatformRequest[], config: Config, chatId: string): PlatformRequest[] | { error: string };
  /**
   * Regroups one turn's rendered requests before they are queued (LINE sends up to 5 messages per call, and the
   * first call may use the event's reply token). Absent: one request per rendered part.
   */
  combine?(requests: PlatformRequest[], context: ReplyContext): PlatformRequest[];
}
