import { botSetup, HELD_STATE, renderTemplate, type BotMachine, type CompiledFlow, type PersistedState, type StepData } from '@parley/shared';

/** A flow's pass of control to an integration: the step that passed it, and what the step hands over. */
export interface FlowPass {
  integrationId: string;
  nodeId: string;
  metadata: Record<string, string>;
}

/** Why the flow cannot resume at a step: the sentence names it. */
export class UnknownStep extends Error {}

/**
 * The pass a conversation's flow state stands for, if it waits in a "Pass to integration" step's held state. Read
 * from the state the turn has anyway: no query.
 */
export function heldBy(state: PersistedState, nodeId: string | null, compiled: CompiledFlow): FlowPass | null {
  if (nodeId === null || typeof state.value !== 'object' || (state.value as Record<string, unknown>)[nodeId] !== HELD_STATE) return null;
  const node = compiled.nodes.get(nodeId);
  if (node?.type !== 'passToIntegration') return null;
  const data = node.data as StepData<'passToIntegration'>;
  const metadata: Record<string, string> = {};
  for (const entry of data.metadata) metadata[entry.key] = renderTemplate(entry.value, state.context.vars);
  return { integrationId: data.integrationId, nodeId, metadata };
}

const entered = new WeakMap<BotMachine, Map<string, BotMachine>>();

/**
 * The flow as if it began at `nodeId`: starting it enters that step (its messages said, its effects run) with the
 * conversation's variables, which is how a release resumes at a named step. The states are the flow's own, so the
 * state it settles in is the pinned version's. One machine per version and step, built on first use.
 */
export function startingAt(compiled: CompiledFlow, nodeId: string): CompiledFlow {
  const node = compiled.nodes.get(nodeId);
  if (!node) throw new UnknownStep(`The conversation's flow has no step "${nodeId}" to resume at`);
  let byStep = entered.get(compiled.machine);
  if (!byStep) entered.set(compiled.machine, (byStep = new Map()));
  let machine = byStep.get(nodeId);
  if (!machine) {
    machine = botSetup.createMachine({ ...(compiled.machine.config as object), initial: nodeId } as never) as BotMachine;
    byStep.set(nodeId, machine);
  }
  return { ...compiled, machine };
}
