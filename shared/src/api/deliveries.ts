import { z } from 'zod';

export const DeliveryStatus = z.enum(['pending', 'delivered', 'dead']);

export const DeliveryQuery = z.object({
  status: DeliveryStatus.optional(),
  kind: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/**
 * What a list shows of a delivery: never its payload, which may hold the receiver's secrets (or the customer's data).
 * `nextAttemptAt` is set only while it is pending (it is then the due time, or the end of a send's lease).
 */
export const DeliverySummary = z.object({
  id: z.number().int(),
  kind: z.string(),
  target: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int(),
  createdAt: z.string(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type DeliverySummary = z.infer<typeof DeliverySummary>;

export const DeliveryAttempt = z.object({
  attempt: z.number().int(),
  at: z.string(),
  ok: z.boolean(),
  /** The receiver's HTTP status, when there was one. */
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  ms: z.number(),
});

export const DeliveryDetail = DeliverySummary.extend({ idempotencyKey: z.string(), payload: z.unknown(), log: z.array(DeliveryAttempt) });

export const DeliveriesResponse = z.object({ deliveries: z.array(DeliverySummary) });
export const DeliveryResponse = z.object({ delivery: DeliverySummary });
export const DeliveryDetailResponse = z.object({ delivery: DeliveryDetail });
