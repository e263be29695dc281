import { z } from 'zod';

/**
 * What an integration's key may do. `admin` routes that declare a scope also take a key with it; nothing else does.
 * - `conversations:read`: read any conversation's history, metadata and customer profile;
 * - `messages:write`: post messages and metadata into any conversation;
 * - `switchboard`: pass, offer and release control of conversations;
 * - `notifications`: send proactive notifications;
 * - `webhooks`: register and manage its own webhook endpoints;
 * - `conversions`: record conversions server-side.
 */
export const Scope = z.enum(['conversations:read', 'messages:write', 'switchboard', 'notifications', 'webhooks', 'conversions']);
export type Scope = z.infer<typeof Scope>;
export const SCOPES = Scope.options;

export const CreateIntegrationRequest = z
  .object({
    name: z.string().trim().min(1, 'Give the integration a name').max(80, 'The name is longer than 80 characters'),
    scopes: z.array(Scope, { error: `Scopes are some of: ${Scope.options.join(', ')}` }).min(1, 'Choose at least one scope').max(Scope.options.length),
  })
  .strict();

/** An integration as answers show it: never its key, only the key's last characters to tell keys apart. */
export const Integration = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(Scope),
  keyHint: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type Integration = z.infer<typeof Integration>;

/** The key is in this answer only: it is stored as a digest and cannot be shown again. */
export const IntegrationCreatedResponse = z.object({ integration: Integration, key: z.string() });
export const IntegrationResponse = z.object({ integration: Integration });
export const IntegrationsResponse = z.object({ integrations: z.array(Integration) });
