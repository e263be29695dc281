import type autocannon from 'autocannon';
import type { BenchConversation } from './fill';

/**
 * A cyclic path through the seeded order-support flow, so any number of turns stays valid: seven turns that return
 * to where they started.
 *
 *   menu ──track──▶ ask-order ──"1000n"──▶ (order API lookup, condition on the status, templated message) ▶ anything-else ──yes──▶
 *   menu ──question──▶ ask-question ──FAQ question──▶ (FAQ match, reply) ▶ faq-helped ──yes──▶ anything-else ──yes──▶ menu
 *
 * So seven turns hold five button presses (options) and two typed answers (ask), one order lookup over HTTP with a
 * condition on its result, and one FAQ match. Order numbers rotate through the four statuses, so every branch of the
 * condition is taken. The benchmark databases start each conversation at a different point of the cycle
 * (conversation i at step i mod 7), so every run, however short, sees the whole mix.
 */
export interface CycleStep {
  /** The step the conversation waits at. */
  at: string;
  body: (n: number) => string;
}

const ORDERS = ['10001', '10002', '10003', '10004'];
const QUESTIONS = ['How long does shipping take?', 'What is your return policy?', 'Can I pay with PayPal?'];
const press = (payload: string, text: string) => () => JSON.stringify({ type: 'postback', payload, text });

export const CYCLE: readonly CycleStep[] = [
  { at: 'menu', body: press('menu:track', 'Track my order') },
  { at: 'ask-order', body: (n) => JSON.stringify({ type: 'text', text: ORDERS[n % ORDERS.length] }) },
  { at: 'anything-else', body: press('anything-else:yes', 'Yes, something else') },
  { at: 'menu', body: press('menu:question', 'Shipping, returns or payment question') },
  { at: 'ask-question', body: (n) => JSON.stringify({ type: 'text', text: QUESTIONS[n % QUESTIONS.length] }) },
  { at: 'faq-helped', body: press('faq-helped:yes', 'Yes, thanks') },
  { at: 'anything-else', body: press('anything-else:yes', 'Yes, something else') },
];

/** Where the i-th benchmark conversation starts in the cycle. */
export const cyclePosition = (i: number) => i % CYCLE.length;

interface ConvState extends BenchConversation {
  /** Position in CYCLE, or -1 when the conversation left the cycle (it is then skipped). */
  pos: number;
  n: number;
}

export class TurnMix {
  private readonly convs: ConvState[];
  private cursor = 0;
  /** Requests sent per step the conversation was on. */
  readonly sent: Record<string, number> = {};

  /** `nodes`: where each conversation stands now (null: not active); a conversation is taken to be at its start position. */
  constructor(conversations: readonly BenchConversation[], nodes?: readonly (string | null)[]) {
    this.convs = conversations.map((c, i) => ({ ...c, pos: cyclePosition(i), n: i }));
    if (nodes) this.resync(nodes);
  }

  /**
   * After a run, where each conversation really is (requests in flight when a run stops may or may not have landed).
   * A conversation at the step its position expects keeps its position; otherwise it takes the first position at that step.
   */
  resync(nodes: readonly (string | null)[]): void {
    this.convs.forEach((c, i) => {
      const node = nodes[i] ?? null;
      if (c.pos >= 0 && CYCLE[c.pos]!.at === node) return;
      c.pos = CYCLE.findIndex((s) => s.at === node);
    });
  }

  get valid(): number {
    return this.convs.filter((c) => c.pos >= 0).length;
  }

  /** For autocannon: the next conversation in turn, with a body that is a valid input for the step it is on. */
  readonly setupRequest = (req: autocannon.Request, context: { kind?: string }): autocannon.Request | undefined => {
    for (let tries = 0; tries < this.convs.length; tries++) {
      const c = this.convs[this.cursor++ % this.convs.length]!;
      if (c.pos < 0) continue;
      const step = CYCLE[c.pos]!;
      this.sent[step.at] = (this.sent[step.at] ?? 0) + 1;
      context.kind = step.at;
      c.pos = (c.pos + 1) % CYCLE.length;
      return {
        ...req,
        method: 'POST',
        path: `/api/conversations/${c.id}/messages`,
        headers: { ...req.headers, 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
        body: step.body(c.n++),
      };
    }
    return undefined;
  };
}
