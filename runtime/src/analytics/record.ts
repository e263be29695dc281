import type { CompiledFlow, ConversationStatus, TurnOutcome } from '@parley/shared';
import type { ConversationRow } from '../store/conversations';
import { channelOfVisitor } from '../channels/registry';
import {
  BOT_NODE,
  ENDED_HERE,
  MOVED_OUTLET,
  OUTLET_PREFIX,
  VISIT,
  merge,
  type AnalyticsWrite,
  type CountDelta,
  type OutcomeKey,
} from '../store/analytics';

/** How long a customer has to come back before an ended conversation counts as resolved by the bot. */
export const RETURN_WINDOW_MS = 72 * 3_600_000;
/** How long without a customer message after the bot's last one before a conversation counts as abandoned. */
export const ABANDON_AFTER_MS = 30 * 60_000;

/** What a commit changes that analytics cares about. */
export interface RecordedChange {
  status: ConversationStatus;
  nodeId: string | null;
  /** The bot's turn, when the commit is one. */
  turn?: { outcome: TurnOutcome; compiled: CompiledFlow } | undefined;
}

/**
 * The analytics a commit writes, or none: preview conversations and commits that change nothing analytics counts
 * (an agent's message) record nothing. Pure: everything comes in through the arguments.
 */
export function analyticsOf(conv: ConversationRow, change: RecordedChange, now: Date): AnalyticsWrite | undefined {
  if (conv.preview === 1 || conv.flowVersion < 1) return undefined;
  const started = conv.rowVersion === 0;
  const handedOff = change.status === 'handoff' && conv.status !== 'handoff';
  const moved = change.nodeId !== conv.nodeId;
  if (!change.turn && !started && !handedOff && !moved) return undefined;
  // A conversation an agent or integration has is no longer the bot's to count (its last step was counted then).
  if (!change.turn && conv.status !== 'active') return undefined;

  const counts: CountDelta[] = [];
  const outcome = (key: OutcomeKey, n = 1) => counts.push({ nodeId: BOT_NODE, key, n });
  const path: AnalyticsWrite['path'] = [];
  let lastNodeId = conv.nodeId;

  const enter = (nodeId: string, via: string | null) => {
    path.push({ nodeId, via });
    counts.push({ nodeId, key: VISIT, n: 1 });
    lastNodeId = nodeId;
  };
  const leave = (nodeId: string, outlet: string) => counts.push({ nodeId, key: OUTLET_PREFIX + outlet, n: 1 });

  if (started) outcome('started');
  const trail = change.turn?.outcome.trail;
  if (trail) {
    // A turn that does not begin where the conversation waited (a release at another step) moved it from there.
    if (conv.nodeId !== null && !started && trail[0]?.entered !== false) leave(conv.nodeId, MOVED_OUTLET);
    let via: string | null = conv.nodeId !== null && !started && trail[0]?.entered !== false ? MOVED_OUTLET : null;
    for (const step of trail) {
      if (step.entered) enter(step.nodeId, via);
      else lastNodeId = step.nodeId;
      if (step.outlet !== null) leave(step.nodeId, step.outlet);
      via = step.outlet;
      if (step.outlet !== null && change.turn!.compiled.nodes.get(step.nodeId)?.type === 'articles') {
        if (step.outlet === 'resolved') outcome('articleHelped');
        else if (step.outlet === 'notResolved') outcome('articleNotHelped');
      }
    }
    for (const f of change.turn!.outcome.faq) outcome(f.outcome === 'answered' ? 'faqAnswered' : f.outcome === 'suggested' ? 'faqSuggested' : 'faqNoMatch');
    const csat = change.turn!.outcome.csat;
    if (csat) {
      outcome('csatResponses');
      if (csat === 'yes') outcome('csatPositive');
    }
  } else if (moved && change.nodeId !== null) {
    // Moved without a turn (a notification, a start at a step).
    if (conv.nodeId !== null && !started) leave(conv.nodeId, MOVED_OUTLET);
    enter(change.nodeId, conv.nodeId !== null && !started ? MOVED_OUTLET : null);
  }

  const endedByBot = change.turn !== undefined && change.turn.outcome.settled === 'end';
  const finished = endedByBot || change.status !== 'active';
  if (endedByBot) outcome('ended');
  if (handedOff) outcome('handoffs');
  if (finished && lastNodeId !== null) counts.push({ nodeId: lastNodeId, key: ENDED_HERE, n: 1 });

  const at = now.toISOString();
  return {
    conversationId: conv.id,
    botId: conv.botId,
    version: conv.flowVersion,
    day: conv.createdAt.slice(0, 10),
    startedAt: conv.createdAt,
    visitorId: conv.visitorId,
    channel: channelOfVisitor(conv.visitorId) ?? 'web',
    at,
    started,
    returnSince: new Date(now.getTime() - RETURN_WINDOW_MS).toISOString(),
    path,
    faq: change.turn?.outcome.faq ?? [],
    faqOrd: conv.lastSeq * 16,
    counts: merge(counts).sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    summary: {
      lastNodeId,
      outcome: change.status === 'active' ? 'open' : change.status === 'handoff' ? 'handoff' : 'ended',
      endedAt: finished ? at : null,
      pending: endedByBot,
    },
  };
}
