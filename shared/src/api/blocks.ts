import { z } from 'zod';

/** Block by what the agent sees: a conversation's visitor (or its address when the visitor is anonymous), or a value. */
export const BlockRequest = z.union([
  z.object({ conversationId: z.string().min(1).max(64), by: z.enum(['visitor', 'ip']).default('visitor'), reason: z.string().max(200).default('') }),
  z.object({ kind: z.enum(['visitor', 'ip']), value: z.string().trim().min(1).max(128), reason: z.string().max(200).default('') }),
]);

export const Block = z.object({
  id: z.number().int(),
  kind: z.enum(['visitor', 'ip']),
  value: z.string(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Block = z.infer<typeof Block>;

export const BlocksResponse = z.object({ blocks: z.array(Block) });
export const BlockResponse = z.object({ block: Block });
