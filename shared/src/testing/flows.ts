/**
 * Test helpers: concise flow documents and a conversation driver over the pure engine.
 *
 *   const c = chat({
 *     nodes: { start: step('start', {}), hi: step('message', { text: 'Hi' }), bye: step('end', {}) },
 *     edges: ['start.next -> hi', 'hi.next -> bye'],
 *   });
 *   expect(said(c.start())).toEqual(['Hi']);
 */
import type { z } from 'zod';
import { FlowSettings, SCHEMA_VERSION, type Edge, type FlowDocument, type Variable } from '../flow';
import type { StepKind, Steps, StepResult } from '../steps';
import type { BotEvent } from '../machine';
import type { Button, MessagePayload } from '../messages';
import { validate } from '../validate';
import { compile, type CompiledFlow } from '../compile';
import { runTurnSync, type EffectRequest, type PersistedState, type TurnOutcome } from '../engine';

export interface NodeSpec {
  type: StepKind;
  data: Record<string, unknown>;
}

/** A node of a kind, with its data typed as the kind's schema input (defaults may be left out). */
export function step<K extends StepKind>(type: K, data: z.input<Steps[K]['schema']>): NodeSpec {
  return { type, data: data as Record<string, unknown> };
}

export interface FlowSpec {
  /** Nodes by id, in document order. */
  nodes: Record<string, NodeSpec>;
  /** `"source.outlet -> target"`. */
  edges?: string[];
  variables?: Variable[];
  locale?: FlowDocument['locale'];
}

export function edge(text: string): Edge {
  const m = /^([\w-]+)\.([\w-]+)\s*->\s*([\w-]+)$/.exec(text.trim());
  if (!m) throw new Error(`Write the edge as "source.outlet -> target", not "${text}"`);
  const [, source, sourceHandle, target] = m as unknown as [string, string, string, string];
  return { id: `${source}__${sourceHandle}`, source, sourceHandle, target };
}

export function flowDoc(spec: FlowSpec): FlowDocument {
  return {
    schemaVersion: SCHEMA_VERSION,
    id: 'test',
    name: 'Test flow',
    locale: spec.locale ?? 'en',
    variables: spec.variables ?? [],
    nodes: Object.entries(spec.nodes).map(([id, n], i) => ({ id, type: n.type, position: { x: 0, y: i * 100 }, data: n.data })),
    edges: (spec.edges ?? []).map(edge),
    settings: FlowSettings.parse({}),
  };
}

/** Validates (every node must pass its schema; graph errors such as a dangling outlet are allowed) and compiles. */
export function compileSpec(spec: FlowSpec | FlowDocument): CompiledFlow {
  const doc = 'schemaVersion' in spec ? spec : flowDoc(spec);
  const { flow, diagnostics } = validate(doc);
  if (!flow) throw new Error(`The test flow is invalid: ${diagnostics.map((d) => `${d.nodeId ?? ''} ${d.path.join('.')}: ${d.message}`).join('; ')}`);
  return compile(flow);
}

/** A fixed instant, so no test reads the real clock. */
export const NOW = new Date('2024-01-10T12:00:00Z');

export interface ChatOptions {
  now?: Date;
  forceBusinessHours?: 'open' | 'closed';
  /** Resolves the steps the runtime would perform with I/O (apiCall, articles). */
  effect?: (req: EffectRequest) => StepResult;
}

export interface Chat {
  readonly compiled: CompiledFlow;
  /** The persisted state after the last turn, as the runtime would store it (a JSON round-trip). */
  readonly state: PersistedState | null;
  readonly vars: PersistedState['context']['vars'];
  send(event: BotEvent | null): TurnOutcome;
  start(): TurnOutcome;
  text(text: string): TurnOutcome;
  postback(payload: string): TurnOutcome;
}

export function chat(flow: FlowSpec | CompiledFlow, options: ChatOptions = {}): Chat {
  const compiled = 'machine' in flow ? flow : compileSpec(flow);
  let state: PersistedState | null = null;
  const send = (event: BotEvent | null) => {
    const outcome = runTurnSync(compiled, state, event, { now: options.now ?? NOW, forceBusinessHours: options.forceBusinessHours }, options.effect);
    state = JSON.parse(JSON.stringify(outcome.state)) as PersistedState;
    return outcome;
  };
  return {
    compiled,
    get state() {
      return state;
    },
    get vars() {
      return state?.context.vars ?? {};
    },
    send,
    start: () => send(null),
    text: (text) => send({ type: 'TEXT', text }),
    postback: (payload) => send({ type: 'POSTBACK', payload }),
  };
}

/** The text of each outgoing message, in order ('' for a carousel without text). */
export function said(outcome: TurnOutcome): string[] {
  return outcome.messages.map((m) => ('text' in m.payload ? (m.payload.text ?? '') : ''));
}

export function lastPayload(outcome: TurnOutcome): MessagePayload {
  const last = outcome.messages.at(-1);
  if (!last) throw new Error('The turn said nothing');
  return last.payload;
}

/** The buttons of the last message that has any (options, input choices, or every card of a carousel). */
export function buttons(outcome: TurnOutcome): Button[] {
  for (const { payload } of [...outcome.messages].reverse()) {
    if (payload.type === 'options') return payload.buttons;
    if (payload.type === 'carousel') return payload.cards.flatMap((c) => c.buttons);
    if (payload.type === 'input' && payload.choices) return payload.choices;
  }
  throw new Error('No message with buttons in this turn');
}

/** The postback payload of the button labelled `label`, as the widget would send it back. */
export function payloadOf(outcome: TurnOutcome, label: string): string {
  const button = buttons(outcome).find((b) => b.label === label);
  if (!button?.payload) throw new Error(`No postback button "${label}" in: ${buttons(outcome).map((b) => b.label).join(', ')}`);
  return button.payload;
}

/** The messages of a step's schema errors, keyed by path, for asserting a rejection precisely. */
export function issues(schema: z.ZodType, data: unknown): { path: string; message: string }[] {
  const parsed = schema.safeParse(data);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
