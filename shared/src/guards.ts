import type { BotContext, BotEvent } from './machine';
import { parseAnswer, type AnswerSpec } from './steps/ask/answer';
import { evaluateRule, type Rule } from './steps/condition/rules';

/** Serializable guard descriptions, so a compiled machine is plain data plus one shared guard implementation. */
export type GuardSpec =
  | { k: 'postback'; payload: string }
  | { k: 'text'; labels: readonly string[] }
  | { k: 'valid'; answer: AnswerSpec }
  | { k: 'retriesLeft'; max: number }
  | { k: 'rule'; rule: Rule }
  | { k: 'outlet'; outlet: string };

export function evaluateGuard(spec: GuardSpec, context: BotContext, event: BotEvent): boolean {
  switch (spec.k) {
    case 'postback':
      return event.type === 'POSTBACK' && event.payload === spec.payload;
    case 'text': {
      if (event.type !== 'TEXT') return false;
      const said = event.text.trim().toLowerCase();
      return spec.labels.some((l) => l.trim().toLowerCase() === said);
    }
    case 'valid': {
      const raw = event.type === 'TEXT' ? event.text : event.type === 'POSTBACK' ? event.payload : undefined;
      return raw !== undefined && parseAnswer(spec.answer, raw).ok;
    }
    case 'retriesLeft':
      return context.retries < spec.max;
    case 'rule':
      return evaluateRule(spec.rule, context.vars);
    case 'outlet':
      return event.type === 'RESULT' && event.outlet === spec.outlet;
  }
}
