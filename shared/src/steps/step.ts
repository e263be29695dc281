import type { z } from 'zod';
import type { BotEvent, SayParams } from '../machine';
import type { GuardSpec } from '../guards';
import type { AnswerSpec } from './ask/answer';
import type { MessagePayload } from '../messages';
import type { VarValue, Vars } from '../template';
import { phrases, type PhraseLocale as Locale, type Phrase } from '../phrases';
import type { RawData } from './renames';
import type { FaqResult } from './faq/result';

export interface Outlet {
  id: string;
  label: string;
  /** An optional outlet may stay unconnected; the step then has a fallback of its own. */
  optional?: boolean;
}

export type ActionRef =
  | { type: 'say'; params: SayParams }
  | { type: 'remember' }
  | { type: 'store'; params: { variable: string; answer: AnswerSpec } }
  | { type: 'setValue'; params: { variable: string; value: VarValue } }
  | { type: 'applyResult' }
  | { type: 'bumpRetry' }
  | { type: 'resetRetry' };

export interface TransitionConfig {
  target?: string;
  guard?: { type: 'test'; params: { test: GuardSpec } };
  actions?: ActionRef[];
}

export interface StateConfig {
  id?: string;
  tags?: StepMode[];
  entry?: ActionRef[];
  on?: Partial<Record<BotEvent['type'], TransitionConfig[]>>;
  initial?: string;
  states?: Record<string, StateConfig>;
  type?: 'final';
}

/**
 * How the engine treats the state a conversation is in:
 * - `auto`: nothing to wait for; the engine sends CONTINUE.
 * - `effect`: the engine resolves it (a lookup, the clock, matching) and sends RESULT.
 * - `wait`: the turn is settled until the customer speaks.
 * - `handoff` / `end`: final.
 */
export type StepMode = 'auto' | 'effect' | 'wait' | 'handoff' | 'end' | 'fault';

export interface CompileContext {
  nodeId: string;
  locale: Locale;
  /** State target for an outlet: the connected step, or the fault state when it goes nowhere. */
  target(outlet: string): string;
  connected(outlet: string): boolean;
  /** A postback payload that names this step, so a stale button from an earlier step is ignored. */
  payload(part: string): string;
  phrase(key: Phrase): string;
}

/** What a pure `resolve` may read. The clock is injected; nothing else of the outside world is. */
export interface ResolveInput {
  vars: Vars;
  now: Date;
  nodeId: string;
  locale: Locale;
  /** Preview can force business hours open or closed. */
  forceBusinessHours?: 'open' | 'closed' | undefined;
}

export interface StepResult {
  outlet: string;
  vars?: Record<string, VarValue>;
  say?: MessagePayload[];
  /** A FAQ step's verdict, reported in the turn's outcome for analytics. */
  faq?: FaqResult;
}

export interface StepDefinition<K extends string = string, S extends z.ZodType = z.ZodType> {
  kind: K;
  schema: S;
  /** Data for a step just dropped on the canvas. */
  defaults(locale: Locale): z.input<S>;
  outlets(data: z.output<S>): Outlet[];
  /** Whether the step always waits for the customer before it leaves through `outlet`: every loop must pass such a wait. */
  waits(data: z.output<S>, outlet: string): boolean;
  /** Variables it reads and writes, for the unset-variable check, the variables panel and renames. */
  reads(data: z.output<S>): string[];
  writes(data: z.output<S>): string[];
  /**
   * The data with a variable renamed in the fields that hold its bare name (`{{name}}` in texts is renamed for every
   * kind alike, by `renameVariableIn`). Takes a draft's data, which may not have passed the schema yet.
   */
  rename(data: RawData, from: string, to: string): RawData;
  /** The customer-facing texts, for the one-line summary and find-by-text. */
  texts(data: z.output<S>): string[];
  compile(data: z.output<S>, ctx: CompileContext): StateConfig;
  /** For `effect` states that need no I/O: decided here, purely, from the injected clock and the variables. */
  resolve?(data: z.output<S>, input: ResolveInput): StepResult;
  /**
   * Settings that are valid but cannot do what the admin surely meant (left for later, so they do not block a draft
   * from saving): shown as warnings on the field they concern.
   */
  warnings?(data: z.output<S>): { field: string; message: string }[];
}

export function defineStep<K extends string, S extends z.ZodType>(def: StepDefinition<K, S>): StepDefinition<K, S> {
  return def;
}

/** For kinds whose fields never hold a bare variable name. */
export const namesNoVariable = (data: RawData): RawData => data;

export const say = (message: MessagePayload): ActionRef => ({ type: 'say', params: { message } });
export const when = (test: GuardSpec): TransitionConfig['guard'] => ({ type: 'test', params: { test } });
export const phraseFor = (locale: Locale, key: Phrase): string => phrases[locale][key];
