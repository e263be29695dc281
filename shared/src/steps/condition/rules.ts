import { z } from 'zod';
import { Id, VariableName } from '../../ids';
import type { VarValue } from '../../template';
import { matchesPattern, patternProblem } from '../../pattern';

export const Operator = z.enum(['is', 'isNot', 'contains', 'notContains', 'greater', 'less', 'matches', 'isSet']);
export type Operator = z.infer<typeof Operator>;

export const Clause = z
  .object({
    variable: VariableName,
    op: Operator,
    value: z.string().max(500).default(''),
  })
  .superRefine((c, ctx) => {
    const problem = c.op === 'matches' ? patternProblem(c.value) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['value'] });
  });
export type Clause = z.infer<typeof Clause>;

export const Rule = z.object({
  id: Id,
  label: z.string().max(80).default(''),
  join: z.enum(['and', 'or']).default('and'),
  clauses: z.array(Clause).min(1, 'A rule needs at least one clause').max(20),
});
export type Rule = z.infer<typeof Rule>;

function asNumber(v: VarValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

export function evaluateClause(clause: Clause, vars: Readonly<Record<string, VarValue | undefined>>): boolean {
  const value = vars[clause.variable];
  const text = value === undefined || value === null ? '' : String(value);
  const expected = clause.value;
  switch (clause.op) {
    case 'is':
      return text.toLowerCase() === expected.toLowerCase();
    case 'isNot':
      return text.toLowerCase() !== expected.toLowerCase();
    case 'contains':
      return text.toLowerCase().includes(expected.toLowerCase());
    case 'notContains':
      return !text.toLowerCase().includes(expected.toLowerCase());
    case 'greater':
    case 'less': {
      const a = asNumber(value);
      const b = asNumber(expected);
      if (a === undefined || b === undefined) return false;
      return clause.op === 'greater' ? a > b : a < b;
    }
    case 'matches': {
      return matchesPattern(expected, text, { ignoreCase: true });
    }
    case 'isSet':
      return value !== undefined && value !== null && text !== '';
  }
}

export function evaluateRule(rule: Rule, vars: Readonly<Record<string, VarValue | undefined>>): boolean {
  return rule.join === 'and'
    ? rule.clauses.every((c) => evaluateClause(c, vars))
    : rule.clauses.some((c) => evaluateClause(c, vars));
}
