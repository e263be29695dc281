import { z } from 'zod';

/**
 * A conversation test: what the customer says, turn by turn, and what the bot must answer. Stored in the flow
 * document, so it is saved, exported and versioned with the flow it checks.
 */
export const TestInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().max(4096) }),
  z.object({ type: z.literal('postback'), payload: z.string().max(256), label: z.string().max(200).optional() }),
]);
export type TestInput = z.infer<typeof TestInput>;

export const ExpectedReply = z.object({
  /** The step that must produce it. */
  nodeId: z.string().max(64).nullable(),
  /** The text the customer sees (a message's text, an options message's question). */
  text: z.string().max(8000),
});
export type ExpectedReply = z.infer<typeof ExpectedReply>;

export const TestTurn = z.object({
  /** Absent on the first turn: the bot's opening. */
  input: TestInput.optional(),
  expect: z.array(ExpectedReply).max(50),
});
export type TestTurn = z.infer<typeof TestTurn>;

export const TestCase = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1, 'Give the test a name').max(120),
  turns: z.array(TestTurn).min(1).max(200),
  /** A fixed clock (ISO time) for business hours; absent means the time the test runs. */
  clock: z.string().max(40).optional(),
  /** Business hours forced open or closed, as the preview allows. */
  hours: z.enum(['open', 'closed']).optional(),
  /** The visitor's locale, for bots with content in several languages. */
  locale: z.string().max(16).optional(),
  /** Starts the conversation at this step instead of Start, so a case can cover part of a flow. */
  startAt: z.string().max(64).optional(),
  /** Variables set before the first turn (with `startAt`, what earlier steps would have collected). */
  vars: z.record(z.string().max(64), z.string().max(4096)).optional(),
  /** API call steps answered without a request: step id → the response the step sees. */
  stubs: z.record(z.string().max(64), z.object({ status: z.number().int().min(100).max(599), body: z.unknown() })).optional(),
});
export type TestCase = z.infer<typeof TestCase>;
