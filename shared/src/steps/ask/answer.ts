import type { InputType } from '../../messages';
import type { VarValue } from '../../template';
import { matchesPattern } from '../../pattern';

/** How an `ask` step checks and normalises what the customer typed. */
export interface AnswerSpec {
  inputType: InputType;
  pattern?: string | undefined;
  min?: number | undefined;
  max?: number | undefined;
  choices?: readonly string[] | undefined;
}

export type ParsedAnswer = { ok: true; value: VarValue } | { ok: false };

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkPattern(spec: AnswerSpec, text: string): boolean {
  return !spec.pattern || matchesPattern(spec.pattern, text);
}

function inLength(spec: AnswerSpec, n: number): boolean {
  return (spec.min === undefined || n >= spec.min) && (spec.max === undefined || n <= spec.max);
}

export function parseAnswer(spec: AnswerSpec, input: string): ParsedAnswer {
  const text = input.trim();
  if (text.length === 0 || text.length > 4096) return { ok: false };
  switch (spec.inputType) {
    case 'text':
      return inLength(spec, text.length) && checkPattern(spec, text) ? { ok: true, value: text } : { ok: false };
    case 'email': {
      const email = text.toLowerCase();
      return EMAIL.test(email) && checkPattern(spec, email) ? { ok: true, value: email } : { ok: false };
    }
    case 'phone': {
      const digits = text.replace(/[\s().-]/g, '');
      return /^\+?\d{6,15}$/.test(digits) && checkPattern(spec, digits) ? { ok: true, value: digits } : { ok: false };
    }
    case 'number': {
      const normalised = text.replace(/,/g, '');
      if (!/^[-+]?\d+(\.\d+)?$/.test(normalised)) return { ok: false };
      const n = Number(normalised);
      return Number.isFinite(n) && inLength(spec, n) ? { ok: true, value: n } : { ok: false };
    }
    case 'date': {
      const m = DATE.exec(text.replace(/[./]/g, '-'));
      if (!m) return { ok: false };
      const iso = `${m[1]}-${m[2]}-${m[3]}`;
      const d = new Date(`${iso}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? { ok: true, value: iso } : { ok: false };
    }
    case 'choice': {
      const choices = spec.choices ?? [];
      const hit = choices.find((c) => c.toLowerCase() === text.toLowerCase());
      return hit === undefined ? { ok: false } : { ok: true, value: hit };
    }
  }
}
