import { createActor, type SnapshotFrom } from 'xstate';
import type { CompiledFlow } from './compile';
import type { BotEvent, BotContext, SayParams } from './machine';
import type { MessagePayload } from './messages';
import { renderTemplate, type VarValue, type Vars } from './template';
import { stepOf, type StepMode, type StepResult } from './steps';
import type { StepNode } from './flow';
import type { FaqResult } from './steps/faq/result';
import { evaluateGuard } from './guards';
import { phrases } from './phrases';

export type BotSnapshot = SnapshotFrom<CompiledFlow['machine']>;

/** What is stored between turns: the active state and the context. Everything else is derived from the compiled version. */
export interface PersistedState {
  value: BotSnapshot['value'];
  context: BotContext;
}

/** A turn stops after this many steps without waiting, so a bad flow can never spin. */
export const MAX_STEPS_PER_TURN = 200;

export interface OutgoingMessage {
  nodeId: string | null;
  payload: MessagePayload;
}

/** A step the runtime must resolve with I/O (HTTP, search). The generator resumes with its result. */
export interface EffectRequest {
  node: StepNode;
  vars: Vars;
}

export type Settled = 'wait' | 'handoff' | 'end' | 'fault';

/**
 * A step the turn passed through. `entered` is false only for the first entry of a resumed turn: the step the
 * conversation was already waiting at. `outlet` is how the turn left it; null while the conversation is still there
 * (or when it finished there: an end, a handoff, an outlet leading nowhere).
 */
export interface TrailStep {
  nodeId: string;
  entered: boolean;
  outlet: string | null;
}

export type { FaqResult };

export interface TurnOutcome {
  state: PersistedState;
  messages: OutgoingMessage[];
  settled: Settled;
  /** The step the conversation is on now (for the preview's highlight and the transcript). */
  nodeId: string | null;
  steps: number;
  /** Why the turn stopped abnormally; logged by the runtime. */
  fault?: string;
  /** The steps the turn passed through, in order, for analytics (bounded like the turn: at most MAX_STEPS_PER_TURN + 2). */
  trail: TrailStep[];
  /** What each FAQ step made of the customer's text this turn. */
  faq: FaqResult[];
  /** The customer's answer to an End step's "resolved?" question, when this turn took it. */
  csat?: 'yes' | 'no';
}

export interface TurnOptions {
  now: Date;
  /** Variables a new conversation starts with (visitor details); ignored when resuming. */
  input?: Record<string, VarValue> | undefined;
  forceBusinessHours?: 'open' | 'closed' | undefined;
  /**
   * Step kinds the runtime performs although they could be resolved here, because it knows more (FAQ matching with
   * embeddings blended in): yielded as effects instead.
   */
  performInRuntime?: ReadonlySet<string> | undefined;
}

type BotMachine = CompiledFlow['machine'];
type ActorScope = Parameters<BotMachine['transition']>[2];
/** An action the machine asks for; the engine performs `say` itself. */
type ExecutableAction = { type: string; params?: unknown };

interface InertScope {
  scope: ActorScope;
  sink: ExecutableAction[];
}

const inertScopes = new WeakMap<BotMachine, InertScope>();

/**
 * What xstate's `transition` and `initialTransition` do, without their cost: each of those builds a throwaway actor,
 * whose constructor computes the machine's whole initial snapshot, on every call (several times a turn, and more the
 * larger the flow). One inert scope per compiled machine serves every turn instead. Sharing it is safe because bot
 * machines never spawn, invoke, delay or send (their actions are assigns and `say`, which only collects), and a
 * transition runs synchronously, so no two calls ever interleave on the sink.
 */
function inertScope(machine: BotMachine): InertScope {
  let inert = inertScopes.get(machine);
  if (!inert) {
    const self = createActor(machine);
    const entry: InertScope = { sink: [], scope: undefined as unknown as ActorScope };
    entry.scope = {
      self,
      defer: () => {},
      id: '',
      logger: () => {},
      sessionId: '',
      stopChild: () => {},
      system: self.system,
      emit: () => {},
      actionExecutor: (action: ExecutableAction) => void entry.sink.push(action),
    } as unknown as ActorScope;
    inertScopes.set(machine, entry);
    inert = entry;
  }
  return inert;
}

function transition(machine: BotMachine, snapshot: BotSnapshot, event: BotEvent): [BotSnapshot, ExecutableAction[]] {
  const inert = inertScope(machine);
  const actions: ExecutableAction[] = (inert.sink = []);
  return [machine.transition(snapshot, event, inert.scope), actions];
}

function initialTransition(machine: BotMachine, input: { vars: Record<string, VarValue> }): [BotSnapshot, ExecutableAction[]] {
  const inert = inertScope(machine);
  const actions: ExecutableAction[] = (inert.sink = []);
  return [machine.getInitialSnapshot(inert.scope, input), actions];
}

const restored = new WeakMap<BotMachine, Map<string, BotSnapshot>>();

/**
 * `machine.resolveState` for a stored state, memoized per state value. Resolving checks whether the root is final by
 * listing all of the root's children, which for a flow of thousands of steps costs more than the rest of the turn.
 * A state value always resolves to the same nodes, tags and status, so that part is computed once per machine and
 * value; each turn gets its own copy with its own context (and fresh children and history, which xstate owns).
 */
function restore(machine: BotMachine, from: PersistedState): BotSnapshot {
  let byValue = restored.get(machine);
  if (!byValue) restored.set(machine, (byValue = new Map()));
  const key = typeof from.value === 'string' ? from.value : JSON.stringify(from.value);
  let resolved = byValue.get(key);
  if (!resolved) {
    resolved = machine.resolveState({ value: from.value, context: from.context });
    byValue.set(key, resolved);
  }
  return { ...resolved, context: from.context, children: {}, historyValue: {} } as BotSnapshot;
}

export function currentNodeId(value: BotSnapshot['value']): string {
  return typeof value === 'string' ? value : Object.keys(value)[0]!;
}

function modeOf(snapshot: BotSnapshot): StepMode {
  if (snapshot.status === 'done') {
    if (snapshot.hasTag('handoff')) return 'handoff';
    if (snapshot.hasTag('fault')) return 'fault';
    return 'end';
  }
  if (snapshot.hasTag('wait')) return 'wait';
  if (snapshot.hasTag('effect')) return 'effect';
  return 'auto';
}

function renderPayload(p: MessagePayload, vars: Vars): MessagePayload {
  const r = (t: string) => renderTemplate(t, vars);
  switch (p.type) {
    case 'text':
    case 'system':
      return { ...p, text: r(p.text) };
    case 'input':
      return { ...p, text: r(p.text), ...(p.error ? { error: r(p.error) } : {}) };
    case 'options':
      return { ...p, text: r(p.text), buttons: p.buttons.map((b) => ({ ...b, label: r(b.label) })) };
    case 'carousel':
      return {
        ...p,
        ...(p.text ? { text: r(p.text) } : {}),
        cards: p.cards.map((c) => ({ ...c, title: r(c.title), description: r(c.description), buttons: c.buttons.map((b) => ({ ...b, label: r(b.label) })) })),
      };
    case 'articles':
      return { ...p, text: r(p.text) };
  }
}

/**
 * One turn, as a pure pipeline: take the event, then run auto and effect steps until the machine waits or finishes.
 * Steps that need I/O are yielded to the caller, which resumes the generator with their result; everything else
 * (the clock included) comes in through the arguments, so a turn is replayable in a test.
 */
export function* runTurn(
  compiled: CompiledFlow,
  from: PersistedState | null,
  event: BotEvent | null,
  options: TurnOptions,
): Generator<EffectRequest, TurnOutcome, StepResult> {
  const { machine } = compiled;
  const messages: OutgoingMessage[] = [];

  const collect = (snapshot: BotSnapshot, actions: readonly { type: string; params?: unknown }[], prefix?: MessagePayload[]) => {
    const nodeId = currentNodeIdOrNull(snapshot);
    for (const p of prefix ?? []) messages.push({ nodeId, payload: p });
    for (const a of actions) {
      if (a.type === 'say') {
        const params = a.params as SayParams;
        messages.push({ nodeId: params.nodeId ?? nodeId, payload: renderPayload(params.message, snapshot.context.vars) });
      }
    }
  };

  const record: Recording = { trail: [], faq: [] };

  let snapshot: BotSnapshot;
  if (from === null) {
    const [s, actions] = initialTransition(machine, { vars: options.input ?? {} });
    snapshot = s;
    collect(snapshot, actions);
    const first = currentNodeIdOrNull(snapshot);
    if (first !== null) record.trail.push({ nodeId: first, entered: true, outlet: null });
  } else {
    snapshot = restore(machine, from);
    const at = currentNodeIdOrNull(snapshot);
    if (at !== null) record.trail.push({ nodeId: at, entered: false, outlet: null });
  }
  if (event !== null) {
    const before = snapshot;
    const [s, actions] = transition(machine, snapshot, event);
    snapshot = s;
    collect(snapshot, actions);
    follow(compiled, record, before, snapshot, event);
  }

  let steps = 0;
  for (;;) {
    const mode = modeOf(snapshot);
    if (mode === 'wait' || mode === 'handoff' || mode === 'end' || mode === 'fault') {
      return finish(snapshot, messages, mode, steps, record, mode === 'fault' ? 'An outlet leads nowhere' : undefined);
    }
    if (++steps > MAX_STEPS_PER_TURN) {
      return finish(snapshot, messages, 'fault', steps, record, `No wait within ${MAX_STEPS_PER_TURN} steps`);
    }
    let next: BotEvent;
    if (mode === 'auto') {
      next = { type: 'CONTINUE' };
    } else {
      const nodeId = currentNodeId(snapshot.value);
      const node = compiled.nodes.get(nodeId)!;
      const definition = stepOf(node.type);
      const result: StepResult = definition.resolve && !options.performInRuntime?.has(node.type)
        ? definition.resolve(node.data, {
            vars: snapshot.context.vars,
            now: options.now,
            nodeId,
            locale: compiled.locale,
            forceBusinessHours: options.forceBusinessHours,
          })
        : yield { node, vars: snapshot.context.vars };
      if (result.faq) record.faq.push(result.faq);
      next = { type: 'RESULT', outlet: result.outlet, ...(result.vars ? { vars: result.vars } : {}), ...(result.say ? { say: result.say } : {}) };
    }
    const before = snapshot;
    const [s, actions] = transition(machine, snapshot, next);
    snapshot = s;
    collect(snapshot, actions, next.type === 'RESULT' ? next.say : undefined);
    if (snapshot === before || (snapshot.value === before.value && snapshot.context === before.context && modeOf(snapshot) !== 'wait')) {
      // A step that ignores its own event would spin until the bound; stop now with the same fault.
      return finish(snapshot, messages, 'fault', steps, record, `Step ${currentNodeId(snapshot.value)} did not advance`);
    }
    follow(compiled, record, before, snapshot, next);
  }
}

function currentNodeIdOrNull(snapshot: BotSnapshot): string | null {
  const id = currentNodeId(snapshot.value);
  return id.startsWith('$') ? null : id;
}

function finish(snapshot: BotSnapshot, messages: OutgoingMessage[], settled: Settled, steps: number, record: Recording, fault?: string): TurnOutcome {
  return {
    state: { value: snapshot.value, context: snapshot.context },
    messages,
    settled,
    nodeId: currentNodeIdOrNull(snapshot),
    steps,
    ...(fault ? { fault } : {}),
    trail: record.trail,
    faq: record.faq,
    ...(record.csat ? { csat: record.csat } : {}),
  };
}

interface Recording {
  trail: TrailStep[];
  faq: FaqResult[];
  csat?: 'yes' | 'no';
}

const edgesByFlow = new WeakMap<CompiledFlow, Map<string, { outlet: string; target: string }[]>>();

/** Each step's connected outlets, once per compiled flow (the first connection of an outlet counts, as in compile). */
function edgesOf(compiled: CompiledFlow, nodeId: string): { outlet: string; target: string }[] {
  let bySource = edgesByFlow.get(compiled);
  if (!bySource) {
    bySource = new Map();
    for (const e of compiled.flow.edges) {
      if (!compiled.nodes.has(e.target)) continue;
      const list = bySource.get(e.source) ?? [];
      if (!list.some((x) => x.outlet === e.sourceHandle)) list.push({ outlet: e.sourceHandle, target: e.target });
      bySource.set(e.source, list);
    }
    edgesByFlow.set(compiled, bySource);
  }
  return bySource.get(nodeId) ?? [];
}

/** A yes/no answer to a step's own two buttons, clicked or typed as the label (as the articles and end steps take them). */
function yesNo(event: BotEvent, nodeId: string, locale: CompiledFlow['locale'], context: BotContext): 'yes' | 'no' | undefined {
  for (const answer of ['yes', 'no'] as const) {
    if (evaluateGuard({ k: 'postback', payload: `${nodeId}:${answer}` }, context, event)) return answer;
    if (evaluateGuard({ k: 'text', labels: [phrases[locale][answer]] }, context, event)) return answer;
  }
  return undefined;
}

/**
 * Which outlet took the conversation from one step to the next. A RESULT names it; otherwise it is the outlet
 * connected to the step reached, and when several outlets lead there, the button pressed (or, for an articles step,
 * the yes/no answer) tells them apart.
 */
function outletTaken(compiled: CompiledFlow, from: string, to: string, event: BotEvent, context: BotContext): string | null {
  const edges = edgesOf(compiled, from);
  if (event.type === 'RESULT' && edges.some((e) => e.outlet === event.outlet && e.target === to)) return event.outlet;
  const candidates = edges.filter((e) => e.target === to);
  if (candidates.length <= 1) return candidates[0]?.outlet ?? null;
  if (compiled.nodes.get(from)?.type === 'articles') {
    const want = yesNo(event, from, compiled.locale, context) === 'yes' ? 'resolved' : 'notResolved';
    if (candidates.some((c) => c.outlet === want)) return want;
  }
  if (event.type === 'POSTBACK' && event.payload.startsWith(`${from}:`)) {
    const part = event.payload.slice(from.length + 1);
    if (candidates.some((c) => c.outlet === part)) return part;
  }
  return candidates[0]!.outlet;
}

/** Extends the trail with a transition: the step left and by which outlet, the step entered; and an End step's answer. */
function follow(compiled: CompiledFlow, record: Recording, before: BotSnapshot, after: BotSnapshot, event: BotEvent): void {
  const last = record.trail.at(-1);
  const to = currentNodeIdOrNull(after);
  const selfLoop = event.type === 'RESULT' && last !== undefined && to === last.nodeId && edgesOf(compiled, to).some((e) => e.outlet === event.outlet && e.target === to);
  if (last !== undefined && to === last.nodeId && !selfLoop) return;
  if (last !== undefined && to === null && compiled.nodes.get(last.nodeId)?.type === 'end' && event.type !== 'RESULT' && event.type !== 'CONTINUE') {
    const answer = yesNo(event, last.nodeId, compiled.locale, before.context);
    if (answer) record.csat = answer;
  }
  // The end and fault states are no steps: the conversation finished at the step it was on.
  if (to === null) return;
  if (last !== undefined) last.outlet = outletTaken(compiled, last.nodeId, to, event, before.context);
  record.trail.push({ nodeId: to, entered: true, outlet: null });
}

/** Drives a turn whose effects are all synchronous, or fails: for tests and tools. */
export function runTurnSync(
  compiled: CompiledFlow,
  from: PersistedState | null,
  event: BotEvent | null,
  options: TurnOptions,
  effect: (req: EffectRequest) => StepResult = () => ({ outlet: 'failure' }),
): TurnOutcome {
  const gen = runTurn(compiled, from, event, options);
  let step = gen.next();
  while (!step.done) step = gen.next(effect(step.value));
  return step.value;
}

export type { VarValue };
