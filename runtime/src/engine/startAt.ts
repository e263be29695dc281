import type { CompiledFlow, PersistedState, VarValue } from '@parley/shared';

/** Why a conversation cannot be put at a step: the sentence says which step and what to choose instead. */
export class StepNotStartable extends Error {}

/**
 * The state of a conversation that waits at `nodeId` for the customer, as if the flow had just got there: the step's
 * own message is not said (whoever puts the conversation there says what the customer sees), and the customer's next
 * message is answered by the step. Only a step that waits for the customer can be a starting point: anything else would
 * run on with nothing to answer.
 */
export function stateAt(compiled: CompiledFlow, nodeId: string, vars: Record<string, VarValue>): PersistedState {
  const node = compiled.nodes.get(nodeId);
  if (!node) throw new StepNotStartable(`The bot's published flow has no step "${nodeId}"`);
  const context = { vars, retries: 0 };
  const resolved = compiled.machine.resolveState({ value: nodeId, context });
  if (!resolved.hasTag('wait')) {
    throw new StepNotStartable(`Step "${nodeId}" (${node.type}) does not wait for the customer; start at a step that asks a question or offers choices`);
  }
  return { value: resolved.value, context };
}

/** The variables a new conversation starts with: the flow's defaults, then what the server and visitor give. */
export function startingVars(compiled: CompiledFlow, input: Record<string, VarValue>): Record<string, VarValue> {
  const defaults: Record<string, VarValue> = {};
  for (const v of compiled.flow.variables) if (v.defaultValue !== undefined) defaults[v.name] = v.defaultValue;
  return { ...defaults, ...input };
}
