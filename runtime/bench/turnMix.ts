import type autocannon from 'autocannon';
import type { BenchConversation } from './fill';

/**
 * A cyclic path through the seeded order-support flow, so any number of turns stays valid:
 *
 *   menu ──track──▶ ask-order ──"1000n"──▶ (API lookup, condition on the status, templated message) ▶ anything-else ──yes──▶ menu
 *   menu ──question──▶ ask-question ──FAQ question──▶ (FAQ match, reply) ▶ faq-helped ──yes──▶ anything-else ──yes──▶ menu
 *
 * Each conversation alternates the two loops, so seven turns hold five button presses (options), two typed answers (ask),
 * one order lookup over HTTP with a condition on its result, and one FAQ match. Order numbers rotate through the four
 * statuses, so every branch of the condition is taken.
 */
const ORDERS = ['10001', '10002', '10003', '10004'];
const QUESTIONS = ['How long does shipping take?', 'What is your return policy?', 'Can I pay with PayPal?'];

interface Input {
  body: string;
  next: string;
}

const press = (payload: string, text: string, next: string): Input => ({ body: JSON.stringify({ type: 'postback', payload, text }), next });
const say = (text: string, next: string): Input => ({ body: JSON.stringify({ type: 'text', text }), next });

interface ConvState extends BenchConversation {
  node: string | null;
  /** Which loop the next visit to the menu takes. */
  track: boolean;
  n: number;
}

export class TurnMix {
  private readonly convs: ConvState[];
  private cursor = 0;
  /** Requests sent per step the conversation was on. */
  readonly sent: Record<string, number> = {};

  constructor(conversations: readonly BenchConversation[], nodes: readonly (string | null)[]) {
    this.convs = conversations.map((c, i) => ({ ...c, node: nodes[i] ?? null, track: i % 2 === 0, n: i }));
  }

  /** After a run, where each conversation really is (requests in flight when a run stops may or may not have landed). */
  resync(nodes: readonly (string | null)[]): void {
    this.convs.forEach((c, i) => (c.node = nodes[i] ?? null));
  }

  get valid(): number {
    return this.convs.filter((c) => c.node !== null && this.inputFor({ ...c }) !== undefined).length;
  }

  private inputFor(c: ConvState): Input | undefined {
    switch (c.node) {
      case 'menu':
        c.track = !c.track;
        return c.track ? press('menu:track', 'Track my order', 'ask-order') : press('menu:question', 'Shipping, returns or payment question', 'ask-question');
      case 'ask-order':
        return say(ORDERS[c.n++ % ORDERS.length]!, 'anything-else');
      case 'anything-else':
        return press('anything-else:yes', 'Yes, something else', 'menu');
      case 'ask-question':
        return say(QUESTIONS[c.n++ % QUESTIONS.length]!, 'faq-helped');
      case 'faq-helped':
        return press('faq-helped:yes', 'Yes, thanks', 'anything-else');
      default:
        return undefined;
    }
  }

  /** For autocannon: the next conversation in turn, with a body that is a valid input for the step it is on. */
  readonly setupRequest = (req: autocannon.Request): autocannon.Request | undefined => {
    for (let tries = 0; tries < this.convs.length; tries++) {
      const c = this.convs[this.cursor++ % this.convs.length]!;
      const from = c.node;
      const input = this.inputFor(c);
      if (!input || from === null) continue;
      this.sent[from] = (this.sent[from] ?? 0) + 1;
      c.node = input.next;
      return {
        ...req,
        method: 'POST',
        path: `/api/conversations/${c.id}/messages`,
        headers: { ...req.headers, 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
        body: input.body,
      };
    }
    return undefined;
  };
}
