import { assign, setup } from 'xstate';
import type { MessagePayload } from './messages';
import type { VarValue } from './template';
import { evaluateGuard, type GuardSpec } from './guards';
import { parseAnswer, type AnswerSpec } from './steps/ask/answer';

/** Everything a conversation remembers between turns. Kept small: it is persisted on every turn. */
export interface BotContext {
  vars: Record<string, VarValue>;
  /** Failed attempts at the current `ask` step. */
  retries: number;
}

export type BotEvent =
  | { type: 'CONTINUE' }
  | { type: 'TEXT'; text: string }
  | { type: 'POSTBACK'; payload: string }
  /** The outcome of a step the engine resolves outside the machine (lookups, clocks, matching). */
  | { type: 'RESULT'; outlet: string; vars?: Record<string, VarValue>; say?: MessagePayload[] };

/**
 * A message the machine asks the engine to send; templates are rendered by the engine against the context after the transition.
 * `nodeId` is the step that says it, stamped by the compiler: a message said on the way out (a FAQ reply) belongs to the step it leaves.
 */
export type SayParams = { message: MessagePayload; nodeId?: string };

export const LAST_MESSAGE = 'last_message';

export const botSetup = setup({
  types: {} as { context: BotContext; events: BotEvent; input: { vars?: Record<string, VarValue> } },
  actions: {
    // Performed by the engine, which reads it from the actions that `transition` returns.
    say: (_: unknown, _params: SayParams) => {},
    remember: assign(({ context, event }) =>
      event.type === 'TEXT' ? { vars: { ...context.vars, [LAST_MESSAGE]: event.text } } : {},
    ),
    store: assign(({ context, event }, params: { variable: string; answer: AnswerSpec }) => {
      const raw = event.type === 'TEXT' ? event.text : event.type === 'POSTBACK' ? event.payload : undefined;
      if (raw === undefined) return {};
      const parsed = parseAnswer(params.answer, raw);
      return parsed.ok ? { vars: { ...context.vars, [params.variable]: parsed.value }, retries: 0 } : {};
    }),
    setValue: assign(({ context }, params: { variable: string; value: VarValue }) => ({
      vars: { ...context.vars, [params.variable]: params.value },
    })),
    applyResult: assign(({ context, event }) =>
      event.type === 'RESULT' && event.vars ? { vars: { ...context.vars, ...event.vars } } : {},
    ),
    bumpRetry: assign(({ context }) => ({ retries: context.retries + 1 })),
    resetRetry: assign(() => ({ retries: 0 })),
  },
  guards: {
    test: ({ context, event }, params: { test: GuardSpec }) => evaluateGuard(params.test, context, event),
  },
});

export type BotMachine = ReturnType<typeof botSetup.createMachine>;
