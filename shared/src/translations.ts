import { z } from 'zod';

/**
 * Bot content in more than one language. The flow's own texts are in its default `locale`; each additional locale
 * maps a step id to that step's translated fields, keyed by the field's path in the step's data ("text",
 * "buttons.0.label", "answers.2.phrases"). Arrays of phrases are stored as newline-separated text.
 */
export const StepTranslation = z.record(z.string().max(200), z.string().max(8000));
export type StepTranslation = z.infer<typeof StepTranslation>;

export const Translations = z.record(z.string().max(16), z.record(z.string().max(64), StepTranslation));
export type Translations = z.infer<typeof Translations>;
