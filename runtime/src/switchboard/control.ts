import { phrases, type ControlHolder, type ControlTarget, type OfferControlRequest, type PassControlRequest, type ReleaseControlRequest, type SwitchboardState } from '@parley/shared';
import type { AppContext } from '../context';
import type { ConversationRow, TicketDraft } from '../store/conversations';
import type { SwitchboardRecord } from '../store/switchboard';
import type { ControlChange } from '../engine/turn';
import { HttpError, notFound } from '../http/errors';
import { webhookEvent } from '../webhooks/events';
import { UnknownStep } from './held';

/** Who is calling the switchboard: an agent (any staff principal), or an integration by its key. */
export type Caller = { kind: 'agent'; actor: string } | { kind: 'integration'; actor: string; id: string; name: string };

type Deps = Pick<AppContext, 'store' | 'turns' | 'events' | 'clock' | 'audit'>;

const keyOf = (t: ControlTarget): string => (t.party === 'integration' ? `integration:${t.integrationId}` : t.party);
const targetOf = (key: string | null): ControlTarget | null =>
  key === null ? null : key.startsWith('integration:') ? { party: 'integration', integrationId: key.slice('integration:'.length) } : { party: key === 'agent' ? 'agent' : 'flow', integrationId: null };
const callerKey = (c: Caller): string => (c.kind === 'agent' ? 'agent' : `integration:${c.id}`);

/** The party in control, from the row alone: an open ticket means an agent, a holder an integration, else the flow. */
export function partyOf(conv: Pick<ConversationRow, 'status' | 'holder'>): ControlTarget {
  if (conv.status === 'handoff') return { party: 'agent', integrationId: null };
  if (conv.holder) return { party: 'integration', integrationId: conv.holder };
  return { party: 'flow', integrationId: null };
}

/**
 * Control of conversations: pass, offer and release, each decided under the conversation's turn lock so it cannot
 * interleave with a turn, and each told to webhooks (`switchboard.passed` / `switchboard.released`) once committed.
 * The flow yields to any caller; an agent or integration in control must pass or release it themselves, and others
 * get 409 `not_in_control` with the holder (except the party the holder offered control to, which may take it).
 */
export class Switchboard {
  constructor(private readonly deps: Deps) {}

  async holder(conv: Pick<ConversationRow, 'status' | 'holder'>): Promise<ControlHolder> {
    const party = partyOf(conv);
    const name = party.integrationId ? ((await this.deps.store.integrations.get(party.integrationId))?.name ?? null) : null;
    return { ...party, integrationName: name };
  }

  async state(conversationId: string): Promise<SwitchboardState> {
    const conv = await this.deps.store.conversations.get(conversationId);
    if (!conv) throw notFound('Conversation');
    return this.describe(conv, await this.deps.store.switchboard.get(conversationId));
  }

  async pass(conversationId: string, caller: Caller, request: PassControlRequest): Promise<{ state: SwitchboardState; messages: Awaited<ReturnType<Deps['turns']['switchControl']>>['messages'] }> {
    const to = await this.target(caller, request);
    if (to.party === 'flow') return this.release(conversationId, caller, { step: request.releaseTo, metadata: request.metadata }, 'pass');
    let before: ControlTarget | undefined;
    const result = await this.deps.turns.switchControl(conversationId, async (conv) => {
      before = partyOf(conv);
      const record = await this.deps.store.switchboard.get(conv.id);
      await this.mayAct(conv, caller, record);
      if (to.party === 'agent') {
        if (conv.status === 'handoff') throw new HttpError(409, 'already_there', 'An agent has this conversation already');
        return { kind: 'hold', holder: null, status: 'handoff', ticket: await this.ticketFor(caller, request), messages: [{ author: 'system', payload: { type: 'system', text: phrases[localeOf(conv)].handoff }, nodeId: null }] };
      }
      if (conv.holder === to.integrationId) throw new HttpError(409, 'already_there', 'This integration has the conversation already');
      // An agent handing the conversation on closes their ticket with it.
      const open = conv.status === 'handoff' ? await this.deps.store.tickets.openFor(conv.id) : undefined;
      const change: ControlChange = { kind: 'hold', holder: to.integrationId, status: 'active', ...(open ? { resolveTicketId: open.id } : {}) };
      return change;
    });
    const now = this.deps.clock().toISOString();
    const record: SwitchboardRecord = {
      conversationId,
      offeredTo: null,
      releaseStep: to.party === 'integration' ? (request.releaseTo ?? null) : null,
      passMetadata: request.metadata ?? {},
      updatedAt: now,
    };
    await this.deps.store.switchboard.put(record);
    const state = await this.describe(result.conversation, record);
    await this.announce('switchboard.passed', result.conversation, caller, { from: before ?? null, to: state.holder, metadata: record.passMetadata });
    return { state, messages: result.messages };
  }

  async offer(conversationId: string, caller: Caller, request: OfferControlRequest): Promise<SwitchboardState> {
    const to = await this.target(caller, request);
    let record: SwitchboardRecord | undefined;
    const result = await this.deps.turns.switchControl(conversationId, async (conv) => {
      const current = await this.deps.store.switchboard.get(conv.id);
      await this.mayAct(conv, caller, current);
      if (keyOf(partyOf(conv)) === keyOf(to)) throw new HttpError(409, 'already_there', 'That party has the conversation already');
      record = { conversationId, offeredTo: keyOf(to), releaseStep: current?.releaseStep ?? null, passMetadata: request.metadata ?? current?.passMetadata ?? {}, updatedAt: this.deps.clock().toISOString() };
      // Nothing changes hands yet; the record is written under the lock so a pass cannot slip between the check and it.
      await this.deps.store.switchboard.put(record);
      return { kind: 'hold', holder: conv.holder ?? null };
    });
    return this.describe(result.conversation, record);
  }

  async release(conversationId: string, caller: Caller, request: ReleaseControlRequest, as: 'release' | 'pass' = 'release'): Promise<{ state: SwitchboardState; messages: Awaited<ReturnType<Deps['turns']['switchControl']>>['messages'] }> {
    let before: ControlTarget | undefined;
    const result = await this.deps.turns.switchControl(conversationId, async (conv) => {
      before = partyOf(conv);
      if (before.party === 'flow') throw new HttpError(409, 'not_in_control', 'The flow has this conversation already; there is nothing to release', { holder: await this.holder(conv) });
      const record = await this.deps.store.switchboard.get(conv.id);
      await this.mayAct(conv, caller, record);
      const at = request.step ?? record?.releaseStep ?? null;
      if (before.party === 'agent') {
        // The handoff ended the flow: it can only go on at a step named now or at the pass.
        if (at === null) throw new HttpError(400, 'step_required', 'Name the step the flow resumes at ("step")');
        const open = await this.deps.store.tickets.openFor(conv.id);
        return { kind: 'resume', at, ...(open ? { resolveTicketId: open.id } : {}) };
      }
      return { kind: 'resume', at };
    }).catch((error: unknown) => {
      if (error instanceof UnknownStep) throw new HttpError(400, 'unknown_step', error.message);
      throw error;
    });
    const record: SwitchboardRecord = { conversationId, offeredTo: null, releaseStep: null, passMetadata: {}, updatedAt: this.deps.clock().toISOString() };
    // A flow that passed again on its way (another "Pass to integration" step) wrote its own record meanwhile.
    if (!result.conversation.holder) await this.deps.store.switchboard.put(record);
    const state = await this.describe(result.conversation, result.conversation.holder ? await this.deps.store.switchboard.get(conversationId) : record);
    await this.announce('switchboard.released', result.conversation, caller, { from: before ?? null, to: state.holder, step: request.step ?? null, metadata: request.metadata ?? {}, via: as });
    return { state, messages: result.messages };
  }

  /** Refuses a caller that is not in control, unless the flow is, or the holder offered control to the caller. */
  private async mayAct(conv: ConversationRow, caller: Caller, record: SwitchboardRecord | undefined): Promise<void> {
    const holder = partyOf(conv);
    if (holder.party === 'flow' || keyOf(holder) === callerKey(caller) || record?.offeredTo === callerKey(caller)) return;
    throw new ControlConflict(await this.holder(conv));
  }

  private async target(caller: Caller, request: { to: ControlTarget['party']; integrationId?: string | undefined }): Promise<ControlTarget> {
    if (request.to !== 'integration') return { party: request.to, integrationId: null };
    const id = request.integrationId ?? (caller.kind === 'integration' ? caller.id : undefined);
    if (!id) throw new HttpError(400, 'invalid_request', 'Name the integration to pass to ("integrationId")');
    const integration = await this.deps.store.integrations.get(id);
    if (!integration || integration.revokedAt !== null) throw new HttpError(404, 'not_found', 'Integration not found, or revoked');
    if (!integration.scopes.includes('messages:write')) throw new HttpError(409, 'integration_cannot_answer', 'That integration lacks the messages:write scope, so it could not answer the customer');
    return { party: 'integration', integrationId: id };
  }

  private async ticketFor(caller: Caller, request: PassControlRequest): Promise<TicketDraft> {
    const by = caller.kind === 'integration' ? caller.name : 'an agent';
    return { subject: request.subject ?? `Passed on by ${by}`.slice(0, 200), priority: 'normal', tags: ['switchboard'], group: '', fields: { ...request.metadata } };
  }

  private async describe(conv: ConversationRow, record: SwitchboardRecord | undefined): Promise<SwitchboardState> {
    return {
      conversationId: conv.id,
      holder: await this.holder(conv),
      offeredTo: targetOf(record?.offeredTo ?? null),
      releaseStep: record?.releaseStep ?? null,
      passMetadata: record?.passMetadata ?? {},
      updatedAt: record?.updatedAt ?? null,
    };
  }

  private async announce(type: 'switchboard.passed' | 'switchboard.released', conv: ConversationRow, caller: Caller, data: Record<string, unknown>): Promise<void> {
    await this.deps.events.emit(webhookEvent(type, { botId: conv.botId, conversationId: conv.id, data: { ...data, by: caller.actor } }, this.deps.clock()));
    if (caller.kind === 'agent') await this.deps.audit(caller.actor, type, { conversationId: conv.id, ...data });
  }
}

/** 409 with who holds control, in `details.holder`. */
export class ControlConflict extends HttpError {
  constructor(readonly holder: ControlHolder) {
    const who = holder.party === 'integration' ? `The integration "${holder.integrationName ?? holder.integrationId}"` : holder.party === 'agent' ? 'An agent' : 'The flow';
    super(409, 'not_in_control', `${who} controls this conversation; only the party in control can pass, offer or release it`, { holder });
  }
}

function localeOf(conv: ConversationRow): 'en' | 'ko' {
  return conv.visitor.locale?.startsWith('ko') ? 'ko' : 'en';
}
