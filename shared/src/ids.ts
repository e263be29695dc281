import { z } from 'zod';

/** Ids become XState state keys and postback payload parts, so they exclude `.`, `#` and `:`. */
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Use 1–64 letters, digits, "-" or "_"');

export const VariableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'Start with a letter or "_", then letters, digits or "_" (at most 64)');
