import { LineSettings, MetaMessagingSettings, TelegramSettings, WhatsAppSettings, type ChannelName } from '@parley/shared';

import { SECRET_MASK } from '@parley/shared';

export { SECRET_MASK };

/** The part of a zod schema the form needs: one field's check, and its default when left out. */
interface FieldSchema {
  safeParse(value: unknown): { success: boolean; data?: unknown };
}

/** One setting of a channel as the form shows it. Labels, hints and problems are i18n keys under channels.fields.<key>. */
export interface ChannelField {
  key: string;
  /** Shown as a password input, masked by the server once saved. */
  secret: boolean;
  /** Under the "Advanced" disclosure: only needed for a proxy, a local API server or a pinned API version. */
  advanced: boolean;
  /** A value the admin makes up (and types again on the platform's side), so the form offers to generate one. */
  chosen: boolean;
  /** The schema's value when the field is left empty; undefined when the field is required or simply optional. */
  defaultValue: string | undefined;
  /** Whether the server accepts the field left out. */
  optional: boolean;
  schema: FieldSchema;
}

interface Shape {
  shape: Record<string, FieldSchema>;
}

function fields(settings: Shape, spec: { secret?: readonly string[]; advanced?: readonly string[]; chosen?: readonly string[] }): readonly ChannelField[] {
  return Object.entries(settings.shape).map(([key, schema]) => {
    // The shared schema is the one source of defaults: parsing "nothing" gives the default, or fails when required.
    const empty = schema.safeParse(undefined);
    return {
      key,
      secret: spec.secret?.includes(key) ?? false,
      advanced: spec.advanced?.includes(key) ?? false,
      chosen: spec.chosen?.includes(key) ?? false,
      defaultValue: empty.success && typeof empty.data === 'string' ? empty.data : undefined,
      optional: empty.success,
      schema,
    };
  });
}

const meta = fields(MetaMessagingSettings, { secret: ['pageAccessToken', 'appSecret', 'verifyToken'], advanced: ['apiBase', 'apiVersion'], chosen: ['verifyToken'] });

/** Every channel's fields, in the order the form shows them (the schema's order). */
export const CHANNEL_FIELDS: Readonly<Record<ChannelName, readonly ChannelField[]>> = {
  telegram: fields(TelegramSettings, { secret: ['botToken', 'secretToken'], advanced: ['apiBase'], chosen: ['secretToken'] }),
  whatsapp: fields(WhatsAppSettings, { secret: ['accessToken', 'appSecret', 'verifyToken'], advanced: ['apiBase', 'apiVersion'], chosen: ['verifyToken'] }),
  messenger: meta,
  instagram: meta,
  line: fields(LineSettings, { secret: ['channelAccessToken', 'channelSecret'], advanced: ['apiBase'] }),
};

/** The platforms whose webhook setup asks for a verify token (Meta's GET handshake). */
export const usesVerifyToken = (channel: ChannelName) => CHANNEL_FIELDS[channel].some((f) => f.key === 'verifyToken');

export type FormValues = Record<string, string>;

/** The form's starting values: the saved settings (secrets as the mask), or empty fields and the schema's defaults. */
export function initialValues(channel: ChannelName, saved: Record<string, string> | undefined): FormValues {
  const out: FormValues = {};
  for (const f of CHANNEL_FIELDS[channel]) out[f.key] = saved?.[f.key] ?? f.defaultValue ?? '';
  return out;
}

/** What is wrong with one field, as the i18n key of a sentence; the mask is never checked: it stands for a saved value. */
export function fieldProblem(field: ChannelField, value: string): 'missing' | 'invalid' | null {
  if (field.secret && value === SECRET_MASK) return null;
  if (value.trim() === '') return field.optional ? null : 'missing';
  return field.schema.safeParse(value).success ? null : 'invalid';
}

/**
 * The PUT body: the mask where a secret was left as it was (so the server keeps it), typed values as typed (secrets
 * untrimmed: a pasted token is the platform's, byte for byte), and empty optional fields left out so defaults apply.
 */
export function settingsBody(channel: ChannelName, values: FormValues): Record<string, string> {
  const body: Record<string, string> = {};
  for (const f of CHANNEL_FIELDS[channel]) {
    const value = f.secret ? (values[f.key] ?? '') : (values[f.key] ?? '').trim();
    if (value === '' && f.optional) continue;
    body[f.key] = value;
  }
  return body;
}

/** A random token the platforms accept for a chosen secret: 32 characters of A–Z, a–z, 0–9, _ and -. */
export function generateToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
