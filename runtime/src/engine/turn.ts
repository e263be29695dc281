import { randomUUID } from 'node:crypto';
import {
  RELEASE_PART,
  phrases,
  runTurn,
  type BotEvent,
  type CompiledFlow,
  type ConversationStatus,
  type CustomerMessageRequest,
  type Message,
  type TurnOutcome,
  type TurnOptions,
  type VarValue,
  type Visitor,
} from '@parley/shared';
import type { Store } from '../store';
import { ConflictError, type ConversationRow, type NewMessage, type TicketDraft } from '../store/conversations';
import type { NewDelivery } from '../store/deliveries';
import { performEffect, ticketOnSettle, type EffectDeps } from '../steps';
import { conversationTopic, TICKETS_TOPIC, type Hub } from '../live/hub';
import { KeyedQueue } from './keyedQueue';
import { buttonsOf, RecentButtons } from './recentButtons';
import type { VersionCache } from './versions';
import type { Logger } from '../log';
import { newToken, tokenDigest } from '../auth/tokens';
import { BotNotFound, ConversationEnded, ConversationFull, ConversationNotFound, NotPublished, VersionMissing } from './errors';
import { startingVars, stateAt } from './startAt';
import { heldBy, startingAt, type FlowPass } from '../switchboard/held';
import { analyticsOf } from '../analytics/record';

export interface TurnDeps {
  store: Store;
  versions: VersionCache;
  effects: EffectDeps;
  hub: Hub;
  clock: () => Date;
  log: Logger;
  /** Messages one conversation may hold (default 30,000). */
  maxMessages?: number;
  /**
   * The deliveries a turn's messages cause (a channel's sends), queued in the turn's own transaction so a message is
   * never stored without its send, nor sent without being stored.
   */
  outbound?: OutboundHook;
  /** Variables every new conversation starts with, from the server's setup (`can_email`: whether replies can be emailed). */
  startVariables?: (visitor: Visitor) => Record<string, VarValue>;
  /**
   * Told after a turn opened a ticket (one customer across channels links the details the bot collected). Its failure
   * is logged, never the turn's: the turn is committed by then.
   */
  onTicketOpened?: (conversation: ConversationRow, ticket: TicketDraft) => Promise<void>;
  /** Told after a turn's flow passed control to an integration (a "Pass to integration" step); logged like onTicketOpened. */
  onFlowPassed?: (conversation: ConversationRow, pass: FlowPass) => Promise<void>;
  /** Record analytics in each turn's transaction (default on; the bench turns it off to measure what it costs). */
  recordAnalytics?: boolean;
}

/**
 * A change of control the switchboard asks for, decided under the conversation's lock: a plain commit (control to an
 * integration, or to an agent with a ticket), or the flow resuming — at a named step, through the held step's
 * `released` outlet, or silently where it stood.
 */
export type ControlChange =
  | { kind: 'hold'; holder: string | null; status?: ConversationStatus; ticket?: TicketDraft; messages?: NewMessage[]; resolveTicketId?: number }
  | { kind: 'resume'; at: string | null; resolveTicketId?: number };

/** What a turn changes besides its messages, for hooks that report more than messages (webhook events). */
export interface TurnChange {
  /** The conversation's status after the turn (`conversation.status` is the one before). */
  status: ConversationStatus;
  /** The ticket this turn opens, if it does. */
  ticket?: TicketDraft | undefined;
  /** The ticket this turn resolves, if it does. */
  resolveTicketId?: number | undefined;
}

/**
 * The deliveries for messages about to be stored, each with the sequence number it will get, queued in the same
 * transaction. Called for every turn that stores messages.
 */
export type OutboundHook = (conversation: ConversationRow, messages: { seq: number; message: NewMessage }[], change: TurnChange) => Promise<NewDelivery[]>;

/**
 * What a caller that sends a message its own way (a proactive notification's WhatsApp template) queues instead of
 * the hooks' deliveries, in the same transaction: it gets the hooks' deliveries and the first new message's seq.
 */
export type DeliveriesOf = (fromHooks: NewDelivery[], conversation: ConversationRow, firstSeq: number) => NewDelivery[];

/** Where a conversation starts besides the flow's start: waiting at a step, with a message of its own first. */
export interface StartAt {
  /** A step that waits for the customer (engine/startAt.ts); the flow's greeting is skipped. */
  nodeId?: string | undefined;
  /** The conversation's first message (a notification). */
  opening?: NewMessage | undefined;
  deliveries?: DeliveriesOf | undefined;
}

export const MAX_MESSAGES_PER_CONVERSATION = 30_000;
/** With embeddings configured, FAQ steps are matched here (runtime/src/steps/faq.ts), where the semantic half lives. */
const RUNTIME_FAQ: ReadonlySet<string> = new Set(['faq']);
/** How many times a turn is redone after another writer changed the conversation under it. */
export const CONFLICT_RETRIES = 3;

/** What a turn leaves behind: the messages it stored, and where the conversation now stands. */
export interface TurnResult {
  messages: Message[];
  status: ConversationStatus;
  nodeId: string | null;
}

/** A turn's result with the conversation as it now stands, so a caller needs no second read. */
interface Committed extends TurnResult {
  conversation: ConversationRow;
}

const statusFor: Record<TurnOutcome['settled'], ConversationStatus> = { wait: 'active', handoff: 'handoff', end: 'ended', fault: 'handoff' };

/**
 * A conversation's turns: restore the snapshot on its pinned version, send the event, run until settled
 * (performing effects), then write everything in one transaction and tell live listeners.
 */
export class TurnEngine {
  private readonly queue = new KeyedQueue();
  private readonly shown = new RecentButtons();

  constructor(private readonly deps: TurnDeps) {}

  /** Starts on the newest published version, or on a frozen preview version when the editor's preview asks. */
  async start(
    botId: string,
    visitor: Visitor,
    options: { preview?: { version: number; forceHours: 'open' | 'closed' | null }; ip?: string | undefined; verified?: boolean; at?: StartAt } = {},
  ): Promise<{ conversation: ConversationRow; token: string; messages: Message[] }> {
    const { store } = this.deps;
    const bot = await store.bots.get(botId);
    if (!bot) throw new BotNotFound();
    const { preview, at } = options;
    const version = preview?.version ?? bot.publishedVersion;
    if (version === null) throw new NotPublished();
    const compiled = at?.nodeId === undefined ? undefined : await this.deps.versions.get(botId, version);
    if (at?.nodeId !== undefined && !compiled) throw new VersionMissing(botId, version);
    // Refused before anything is stored.
    if (at?.nodeId !== undefined && compiled) stateAt(compiled, at.nodeId, {});
    const id = randomUUID();
    const token = newToken();
    await store.conversations.create({
      id,
      botId,
      flowVersion: version,
      forceHours: preview?.forceHours ?? null,
      tokenHash: tokenDigest(token),
      visitorId: visitor.id ?? null,
      visitor,
      ip: options.ip ?? null,
      verified: options.verified ?? false,
      now: this.deps.clock().toISOString(),
    });
    const input: Record<string, VarValue> = { ...this.deps.startVariables?.(visitor), conversation_id: id };
    if (visitor.name) input.visitor_name = visitor.name;
    if (visitor.email) input.visitor_email = visitor.email;
    if (visitor.locale) input.visitor_locale = visitor.locale;
    if (visitor.page) input.visitor_page = visitor.page;
    const { conversation, messages } = await this.serialized(id, (conv) =>
      at?.nodeId !== undefined && compiled
        ? this.commit(conv, { status: 'active', state: stateAt(compiled, at.nodeId, startingVars(compiled, input)), nodeId: at.nodeId, messages: at.opening ? [at.opening] : [] }, at.deliveries)
        : this.botTurn(conv, at?.opening ?? null, null, input, at?.deliveries),
    );
    return { conversation, token, messages };
  }

  /** Throws StepNotStartable unless `nodeId` is a step of the bot's published flow that waits for the customer. */
  async checkStartAt(botId: string, nodeId: string): Promise<void> {
    const bot = await this.deps.store.bots.get(botId);
    if (!bot) throw new BotNotFound();
    if (bot.publishedVersion === null) throw new NotPublished();
    const compiled = await this.deps.versions.get(botId, bot.publishedVersion);
    if (!compiled) throw new VersionMissing(botId, bot.publishedVersion);
    stateAt(compiled, nodeId, {});
  }

  /**
   * A message from outside the flow into an open conversation (a proactive notification), which may move the bot to a
   * step: the customer's reply is answered from there. While an agent has the conversation the bot is not moved.
   */
  async notify(conversationId: string, message: NewMessage, options: { nodeId?: string | undefined; deliveries?: DeliveriesOf | undefined } = {}): Promise<Message[]> {
    const result = await this.serialized(conversationId, async (conv) => {
      if (conv.status === 'ended') throw new ConversationEnded();
      // Only a conversation the flow holds moves to the notification's step: an agent's or an integration's stays put.
      if (options.nodeId === undefined || conv.status !== 'active' || conv.holder) return this.commit(conv, { status: conv.status, state: conv.state, nodeId: conv.nodeId, messages: [message] }, options.deliveries);
      const compiled = await this.deps.versions.get(conv.botId, conv.flowVersion);
      if (!compiled) throw new VersionMissing(conv.botId, conv.flowVersion);
      const vars = (conv.state?.context as { vars?: Record<string, VarValue> } | undefined)?.vars ?? {};
      return this.commit(conv, { status: 'active', state: stateAt(compiled, options.nodeId, vars), nodeId: options.nodeId, messages: [message] }, options.deliveries);
    });
    return result.messages;
  }

  /** The customer speaks. While an agent has the conversation the bot stays silent and the message goes to the ticket. */
  async customerMessage(conversationId: string, request: CustomerMessageRequest): Promise<TurnResult> {
    const event: BotEvent = request.type === 'text' ? { type: 'TEXT', text: request.text } : { type: 'POSTBACK', payload: request.payload };
    const { messages, status, nodeId } = await this.serialized(conversationId, async (conv) => {
      if (request.clientId) {
        const replay = await this.deps.store.conversations.replayOf(conv.id, request.clientId);
        if (replay) return { messages: replay, status: conv.status, nodeId: conv.nodeId, conversation: conv };
      }
      const inbound: NewMessage =
        request.type === 'text'
          ? { author: 'customer', payload: { type: 'customer', text: request.text }, nodeId: null, clientId: request.clientId }
          : {
              author: 'customer',
              payload: { type: 'customer', text: (await this.buttonLabel(conv, request.payload)) ?? request.text ?? request.payload, payload: request.payload },
              nodeId: null,
              clientId: request.clientId,
            };
      if (conv.status === 'ended') throw new ConversationEnded();
      // An agent or an integration has the conversation: the flow stays silent (the integration hears it by webhook).
      if (conv.status === 'handoff' || conv.holder) return this.append(conv, [inbound]);
      return this.botTurn(conv, inbound, event);
    });
    return { messages, status, nodeId };
  }

  /**
   * The switchboard moves control: `decide` sees the conversation as read under its lock (and may refuse by throwing),
   * and its answer is committed like a turn.
   */
  async switchControl(conversationId: string, decide: (conv: ConversationRow) => Promise<ControlChange> | ControlChange): Promise<{ messages: Message[]; conversation: ConversationRow }> {
    return this.serialized(conversationId, async (conv) => {
      if (conv.status === 'ended') throw new ConversationEnded();
      const change = await decide(conv);
      if (change.kind === 'hold') {
        const { holder, ticket, resolveTicketId } = change;
        return this.commit(conv, { status: change.status ?? conv.status, state: conv.state, nodeId: conv.nodeId, messages: change.messages ?? [], ticket, resolveTicketId, holder });
      }
      const { resolveTicketId } = change;
      // The resumed flow is not held (yet): if it reaches a "Pass to integration" step again, that is a new pass.
      if (change.at !== null) return this.botTurn({ ...conv, holder: null }, null, null, undefined, undefined, { at: change.at, resolveTicketId });
      const compiled = await this.deps.versions.get(conv.botId, conv.flowVersion);
      const held = compiled && conv.state ? heldBy(conv.state, conv.nodeId, compiled) : null;
      if (held) return this.botTurn({ ...conv, holder: null }, null, { type: 'POSTBACK', payload: `${held.nodeId}:${RELEASE_PART}` }, undefined, undefined, { resolveTicketId });
      return this.commit(conv, { status: 'active', state: conv.state, nodeId: conv.nodeId, messages: [], resolveTicketId, holder: null });
    });
  }

  /** An agent's reply, or a system notice; the bot takes no turn. */
  async appendFromOutside(conversationId: string, messages: NewMessage[]): Promise<Message[]> {
    return (await this.serialized(conversationId, (conv) => this.append(conv, messages))).messages;
  }

  /** Resolving a ticket ends its conversation: the closing notice, the status and the ticket change together. */
  async resolveTicket(conversationId: string, ticketId: number, notice: NewMessage): Promise<Message[]> {
    const result = await this.serialized(conversationId, (conv) =>
      this.commit(conv, { status: 'ended', state: conv.state, nodeId: conv.nodeId, messages: [notice], resolveTicketId: ticketId }),
    );
    return result.messages;
  }

  /**
   * What the customer saw on the button they pressed, so the transcript reads as they experienced it: the newest of
   * the last 20 messages with that button. Only messages whose stored JSON holds the payload string can have it, so
   * the store hands over just those (usually one), newest first.
   */
  private async buttonLabel(conv: ConversationRow, payload: string): Promise<string | undefined> {
    const after = Math.max(0, conv.lastSeq - 20);
    // Usually the button was shown by this conversation's previous turn, taken in this process.
    const shown = this.shown.label(conv.id, conv.lastSeq, after, payload);
    if (shown !== undefined) return shown;
    return this.deps.store.conversations.findRecent(conv.id, after, 20, JSON.stringify(payload), (p) => buttonsOf(p).find((b) => b.payload === payload)?.label);
  }

  /** Runs a turn on the conversation as read once, under its lock; redone from a fresh read when another writer got in first. */
  private serialized(conversationId: string, task: (conv: ConversationRow) => Promise<Committed>): Promise<Committed> {
    const { conversations } = this.deps.store;
    // In-process first, so waiting turns queue here rather than each holding a database connection; then the store's
    // lock, which other processes on the same database respect.
    return this.queue.run(conversationId, () =>
      conversations.withTurnLock(conversationId, async () => {
        // A writer that does not take the lock (SQLite shared by processes) is caught by the row version: redo the turn.
        for (let attempt = 0; ; attempt++) {
          const conv = await conversations.get(conversationId);
          if (!conv) throw new ConversationNotFound();
          if (conv.lastSeq >= (this.deps.maxMessages ?? MAX_MESSAGES_PER_CONVERSATION)) throw new ConversationFull();
          try {
            return await task(conv);
          } catch (error) {
            if (!(error instanceof ConflictError) || attempt >= CONFLICT_RETRIES) throw error;
          }
        }
      }),
    );
  }

  /**
   * `resume` (the switchboard's release): `at` makes the flow enter that step afresh, keeping the conversation's
   * variables; `resolveTicketId` closes the agent's ticket in the same transaction.
   */
  private async botTurn(
    conv: ConversationRow,
    inbound: NewMessage | null,
    event: BotEvent | null,
    input?: Record<string, VarValue>,
    deliveries?: DeliveriesOf,
    resume?: { at?: string; resolveTicketId?: number | undefined },
  ): Promise<Committed> {
    const resumeAt = resume?.at;
    const { versions, effects, clock, log } = this.deps;
    const pinned = await versions.get(conv.botId, conv.flowVersion);
    if (!pinned) throw new VersionMissing(conv.botId, conv.flowVersion);
    const compiled = resumeAt === undefined ? pinned : startingAt(pinned, resumeAt);
    const from = resumeAt === undefined ? conv : { ...conv, state: null };
    const vars = resumeAt === undefined ? input : (conv.state?.context.vars ?? {});

    const outcome = await drive(compiled, from, event, { now: clock(), input: vars, forceBusinessHours: conv.forceHours ?? undefined, performInRuntime: effects.embeddings ? RUNTIME_FAQ : undefined }, effects);
    const out: NewMessage[] = outcome.messages.map((m) => ({ author: m.payload.type === 'system' ? 'system' : 'bot', payload: m.payload, nodeId: m.nodeId }));
    if (outcome.settled === 'fault') {
      log.error({ conversationId: conv.id, botId: conv.botId, version: conv.flowVersion, nodeId: outcome.nodeId, fault: outcome.fault, steps: outcome.steps }, 'turn fault');
      out.push({ author: 'system', payload: { type: 'system', text: phrases[compiled.locale].fault }, nodeId: outcome.nodeId });
    }
    // A bot turn holds control only when it settles on a "Pass to integration" step; a release's turn starts unheld.
    const pass = outcome.settled === 'wait' ? heldBy(outcome.state, outcome.nodeId, compiled) : null;
    const committed = await this.commit(
      conv,
      {
        status: statusFor[outcome.settled],
        state: outcome.state,
        nodeId: outcome.nodeId,
        messages: inbound ? [inbound, ...out] : out,
        ticket: ticketOnSettle(outcome, compiled),
        resolveTicketId: resume?.resolveTicketId,
        holder: pass?.integrationId ?? null,
        turn: { outcome, compiled },
      },
      deliveries,
    );
    if (pass && pass.integrationId !== (conv.holder ?? null) && this.deps.onFlowPassed) {
      await this.deps.onFlowPassed(committed.conversation, pass).catch((error: unknown) => log.warn({ conversationId: conv.id, error: String(error) }, 'turns: after-pass work failed'));
    }
    return committed;
  }

  private append(conv: ConversationRow, messages: NewMessage[]): Promise<Committed> {
    return this.commit(conv, { status: conv.status, state: conv.state, nodeId: conv.nodeId, messages });
  }

  private async commit(
    conv: ConversationRow,
    change: {
      status: ConversationStatus;
      state: ConversationRow['state'];
      nodeId: string | null;
      messages: NewMessage[];
      ticket?: TicketDraft | undefined;
      resolveTicketId?: number | undefined;
      holder?: string | null;
      /** The bot's turn that made the change, for analytics. */
      turn?: { outcome: TurnOutcome; compiled: CompiledFlow };
    },
    deliveriesOf?: DeliveriesOf,
  ): Promise<Committed> {
    const { store, hub, clock } = this.deps;
    const now = clock().toISOString();
    const hooked =
      this.deps.outbound && change.messages.length > 0
        ? await this.deps.outbound(
            conv,
            change.messages.map((message, i) => ({ seq: conv.lastSeq + 1 + i, message })),
            { status: change.status, ticket: change.ticket, resolveTicketId: change.resolveTicketId },
          )
        : [];
    const deliveries = deliveriesOf ? deliveriesOf(hooked, conv, conv.lastSeq + 1) : hooked;
    const written = await store.conversations.commitTurn(
      {
        id: conv.id,
        expectedRowVersion: conv.rowVersion,
        status: change.status,
        state: change.state,
        nodeId: change.nodeId,
        messages: change.messages,
        ticket: change.ticket,
        resolveTicketId: change.resolveTicketId,
        ...(deliveries.length > 0 ? { deliveries } : {}),
        ...(change.holder !== undefined ? { holder: change.holder } : {}),
        analytics:
          this.deps.recordAnalytics === false ? undefined : analyticsOf(conv, { status: change.status, nodeId: change.nodeId, turn: change.turn }, clock()),
        now,
      },
      conv.lastSeq,
      conv.botId,
    );
    this.shown.remember(conv.id, written.messages, conv.lastSeq + written.messages.length);
    if (written.messages.length > 0) hub.publish(conversationTopic(conv.id), { kind: 'messages', conversationId: conv.id, messages: written.messages });
    if (change.status !== conv.status) hub.publish(conversationTopic(conv.id), { kind: 'conversation', conversationId: conv.id, status: change.status });
    if (change.resolveTicketId !== undefined) {
      hub.publish(TICKETS_TOPIC, { kind: 'ticket', ticketId: change.resolveTicketId, conversationId: conv.id, change: 'resolved' });
    } else if (written.ticketId !== null) {
      if (change.ticket && this.deps.onTicketOpened) {
        await this.deps.onTicketOpened(conv, change.ticket).catch((error: unknown) => this.deps.log.warn({ conversationId: conv.id, error: String(error) }, 'turns: after-ticket work failed'));
      }
      hub.publish(TICKETS_TOPIC, { kind: 'ticket', ticketId: written.ticketId, conversationId: conv.id, change: 'created' });
    } else if (conv.status === 'handoff' && written.messages.length > 0) {
      const open = await store.tickets.openFor(conv.id);
      if (open) hub.publish(TICKETS_TOPIC, { kind: 'ticket', ticketId: open.id, conversationId: conv.id, change: 'message' });
    }
    const lastSeq = conv.lastSeq + written.messages.length;
    const holder = change.holder === undefined ? (conv.holder ?? null) : change.holder;
    const conversation: ConversationRow = { ...conv, status: change.status, state: change.state, nodeId: change.nodeId, rowVersion: written.rowVersion, lastSeq, updatedAt: now, holder };
    return { messages: written.messages, status: change.status, nodeId: change.nodeId, conversation };
  }
}

async function drive(
  compiled: CompiledFlow,
  conv: ConversationRow,
  event: BotEvent | null,
  options: TurnOptions,
  effects: EffectDeps,
): Promise<TurnOutcome> {
  const turn = runTurn(compiled, conv.state, event, options);
  let step = turn.next();
  while (!step.done) step = turn.next(await performEffect(step.value, compiled, effects));
  return step.value;
}
