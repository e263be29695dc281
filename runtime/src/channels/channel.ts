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

/** What a customer did on the platform, in Parley's terms. `chatId` is the platform's conversation with this customer. */
export type CustomerEvent =
  | { kind: 'text'; chatId: string; text: string; name?: string | undefined }
  | { kind: 'postback'; chatId: string; payload: string; name?: string | undefined; /** Acknowledged on the platform (a button's spinner). */ ackId?: string | undefined }
  /** A sticker, a photo, a voice note…: answered politely that only text and buttons are understood. */
  | { kind: 'unsupported'; chatId: string; what: string };

/** One update from the platform: its id (for dropping the platform's retries) and what it carries. */
export interface ParsedUpdate {
  updateId: string;
  events: CustomerEvent[];
}

/** One call to the platform's API, ready to send: what `render` produces and a delivery's payload carries. */
export interface PlatformRequest {
  method: string;
  body: Record<string, unknown>;
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
  send(request: PlatformRequest, config: Config, fetch: typeof globalThis.fetch, signal?: AbortSignal): Promise<SendResult>;
}
