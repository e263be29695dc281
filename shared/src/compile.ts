import type { Flow, StepNode } from './flow';
import { botSetup, type BotMachine } from './machine';
import { stepOf, type ActionRef, type StateConfig, type CompileContext } from './steps';
import { END_STATE } from './steps/end/end';
import { phrases, type Phrase, type PhraseLocale as Locale } from './phrases';
import type { VarValue } from './template';

// `$` cannot appear in a node id, so the engine's own states can never be overwritten by a step.
export const FAULT_STATE = '$fault';
const stateId = (nodeId: string) => `step_${nodeId}`;

export interface CompiledFlow {
  flow: Flow;
  machine: BotMachine;
  nodes: ReadonlyMap<string, StepNode>;
  startId: string;
  locale: Locale;
}

/**
 * Flow -> XState machine. Deterministic for a given flow, so the runtime compiles each published version once and caches it.
 * Each step is one top-level state keyed by its node id; outlets become transitions to `#step_<target>`,
 * and an outlet that goes nowhere leads to the fault state, which the engine turns into a handoff.
 */
export function compile(flow: Flow): CompiledFlow {
  const nodes = new Map(flow.nodes.map((n) => [n.id, n]));
  const targets = new Map<string, string>();
  for (const e of flow.edges) {
    const key = `${e.source}\u0000${e.sourceHandle}`;
    // Like validate, the first connection of an outlet counts; later ones are reported there as outlet-used-twice.
    if (nodes.has(e.target) && !targets.has(key)) targets.set(key, e.target);
  }

  const startNode = flow.nodes.find((n) => n.type === 'start');
  if (!startNode) throw new Error('The flow has no start step');

  const states: Record<string, StateConfig> = {};
  for (const node of flow.nodes) {
    const ctx = new NodeContext(node.id, flow.locale, targets);
    states[node.id] = { ...attribute(stepOf(node.type).compile(node.data, ctx), node.id), id: stateId(node.id) };
  }
  states[END_STATE] = { id: END_STATE, type: 'final', tags: ['end'] };
  states[FAULT_STATE] = { id: FAULT_STATE, type: 'final', tags: ['fault'] };

  const defaults: Record<string, VarValue> = {};
  for (const v of flow.variables) if (v.defaultValue !== undefined) defaults[v.name] = v.defaultValue;

  // The config is built from data, so its literal types are unknown to XState's inference: this is the one cast.
  const machine = botSetup.createMachine({
    id: `flow_${flow.id}`,
    initial: startNode.id,
    context: ({ input }) => ({ vars: { ...defaults, ...input?.vars }, retries: 0 }),
    states: states as never,
  });
  return { flow, machine, nodes, startId: startNode.id, locale: flow.locale };
}

/**
 * What a step's compiler may ask about its node. A class, so a flow of thousands of nodes does not allocate five
 * closures per node (and, under tsx, name each of them) just to compile.
 */
class NodeContext implements CompileContext {
  constructor(
    readonly nodeId: string,
    readonly locale: Locale,
    private readonly targets: ReadonlyMap<string, string>,
  ) {}

  target(outlet: string): string {
    const t = this.targets.get(`${this.nodeId}\u0000${outlet}`);
    return t === undefined ? `#${FAULT_STATE}` : `#${stateId(t)}`;
  }

  connected(outlet: string): boolean {
    return this.targets.has(`${this.nodeId}\u0000${outlet}`);
  }

  payload(part: string): string {
    return `${this.nodeId}:${part}`;
  }

  phrase(key: Phrase): string {
    return phrases[this.locale][key];
  }
}

/** Stamps every message a step's states say with the step's id, so the transcript credits the step that said it. */
function attribute(config: StateConfig, nodeId: string): StateConfig {
  const stamp = (actions: ActionRef[]): ActionRef[] =>
    actions.map((a) => (a.type === 'say' ? { ...a, params: { ...a.params, nodeId } } : a));
  return {
    ...config,
    ...(config.entry ? { entry: stamp(config.entry) } : {}),
    ...(config.on
      ? { on: Object.fromEntries(Object.entries(config.on).map(([event, ts]) => [event, ts.map((t) => (t.actions ? { ...t, actions: stamp(t.actions) } : t))])) }
      : {}),
    ...(config.states
      ? { states: Object.fromEntries(Object.entries(config.states).map(([key, state]) => [key, attribute(state, nodeId)])) }
      : {}),
  };
}
