import type { CompiledFlow, EffectRequest, StepKind, StepResult, TurnOutcome } from '@parley/shared';
import type { TicketDraft } from '../store/conversations';
import type { EffectDeps, StepRuntime } from './step';
import { faultTicket } from './fault';
import { start } from './start';
import { message } from './message';
import { options } from './options';
import { carousel } from './carousel';
import { ask } from './ask';
import { faq } from './faq';
import { articles } from './articles';
import { condition } from './condition';
import { businessHours } from './businessHours';
import { apiCall } from './apiCall';
import { setVariable } from './setVariable';
import { handoff } from './handoff';
import { passToIntegration } from './passToIntegration';
import { end } from './end';

export type { EffectDeps, EffectInput, StepRuntime } from './step';

/** What the runtime does per kind, one module each, named as in shared; a test checks the keys are shared's `stepKinds`. */
export const stepRuntimes: { [K in StepKind]: StepRuntime<K> } = {
  start,
  message,
  options,
  carousel,
  ask,
  faq,
  articles,
  condition,
  businessHours,
  apiCall,
  setVariable,
  handoff,
  passToIntegration,
  end,
};

/** The one place where a kind's name selects its runtime; a node's data always matches its own kind's. */
function runtimeOf(kind: StepKind): StepRuntime<StepKind> {
  return stepRuntimes[kind] as StepRuntime<StepKind>;
}

/** Resolves a step whose outcome needs I/O. Everything else is resolved inside the pure engine. */
export async function performEffect(request: EffectRequest, compiled: CompiledFlow, deps: EffectDeps): Promise<StepResult> {
  const { node, vars } = request;
  const perform = runtimeOf(node.type).perform;
  if (!perform) {
    // A kind that asks for I/O without a handler here is a programming error; the failure outlet keeps the conversation moving.
    deps.log.error({ nodeId: node.id, kind: node.type }, 'no effect handler');
    return { outlet: 'failure' };
  }
  return perform({ nodeId: node.id, data: node.data, vars, locale: compiled.locale, deps });
}

/** The ticket a settled turn opens: the fault ticket when the flow broke, else the one its final step's kind opens, if any. */
export function ticketOnSettle(outcome: TurnOutcome, compiled: CompiledFlow): TicketDraft | undefined {
  const vars = outcome.state.context.vars;
  if (outcome.settled === 'fault') return faultTicket(vars);
  if (outcome.settled === 'wait') return undefined;
  const node = compiled.nodes.get(outcome.nodeId ?? '');
  return node ? runtimeOf(node.type).ticket?.(node.data, vars) : undefined;
}
