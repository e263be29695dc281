import { z } from 'zod';
import { VariableName } from '../ids';

/** Schema pieces several kinds share. */

/** Items whose id is also an outlet's must not share one, or two outlets would be one. */
export function uniqueIds(items: readonly { id: string }[]): boolean {
  return new Set(items.map((i) => i.id)).size === items.length;
}

/** A variable to keep an answer in, or none: the editor's empty field means none. */
export const optionalVariable = VariableName.optional().or(z.literal('').transform(() => undefined));
