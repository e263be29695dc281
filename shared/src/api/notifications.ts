import { z } from 'zod';

/** Where a notification can go: a WhatsApp template, an email, or the web widget on the customer's next visit. */
export const NotificationChannel = z.enum(['whatsapp', 'email', 'web']);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

/**
 * - `queued`: waiting to be sent (web: until the customer's widget next opens a conversation with the bot);
 * - `sent`: the platform or SMTP server took it (web: shown in a conversation);
 * - `failed`: it could not be sent (the reason is in `error`);
 * - `opted_out`: the customer opted out of notifications on that channel; nothing was sent.
 */
export const NotificationStatus = z.enum(['queued', 'sent', 'failed', 'opted_out']);
export type NotificationStatus = z.infer<typeof NotificationStatus>;

/** Who the notification is for: a customer Parley knows by one of their identities. */
export const NotificationRecipient = z.union([
  z.object({ externalId: z.string().trim().min(1).max(200) }).strict(),
  z.object({ email: z.email('The email is not an address').max(320) }).strict(),
  z.object({ channel: z.literal('whatsapp'), id: z.string().regex(/^\d{5,20}$/, "A WhatsApp user id is the customer's phone number, digits only") }).strict(),
]);
export type NotificationRecipient = z.infer<typeof NotificationRecipient>;

/** A WhatsApp message template, as the Cloud API takes it; it must be approved for the business's number. */
export const WhatsAppTemplate = z
  .object({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'A template name has lowercase letters, digits and _ only'),
    language: z.object({ code: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'The template language is a code like en_US or ko') }).strict(),
    components: z.array(z.record(z.string(), z.unknown())).max(10).optional(),
  })
  .strict();
export type WhatsAppTemplate = z.infer<typeof WhatsAppTemplate>;

export const SendNotificationRequest = z
  .object({
    botId: z.string().min(1).max(64),
    to: NotificationRecipient,
    /** What the customer is told: the email's text, the widget's first message, and the conversation's record of it. */
    text: z.string().trim().min(1, 'Write the notification text').max(4096, 'The text is longer than 4096 characters'),
    /** The channel to use; absent: the one the customer was named by, else WhatsApp, email, web in that order. */
    channel: NotificationChannel.optional(),
    /** The step whose answers the customer's reply goes to (a step that waits for the customer). */
    startAt: z.string().min(1).max(100).optional(),
    /** WhatsApp: the template to send (default: the template in the bot's WhatsApp settings). */
    template: WhatsAppTemplate.optional(),
    /** Email: the subject line (default: the text's first line). */
    subject: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type SendNotificationRequest = z.infer<typeof SendNotificationRequest>;

export const Notification = z.object({
  id: z.string(),
  botId: z.string(),
  status: NotificationStatus,
  channel: NotificationChannel,
  /** The conversation the notification is a message of; null until a web notice is shown, or when nothing was sent. */
  conversationId: z.string().nullable(),
  startAt: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationResponse = z.object({ notification: Notification });
export const UnsubscribeQuery = z.object({ token: z.string().min(1).max(200) });
