import type { NotificationChannel, NotificationRecipient } from '@parley/shared';
import { channelOfVisitor } from '../channels/registry';
import { HttpError } from '../http/errors';
import type { Store } from '../store';
import type { Identity } from '../store/profiles';
import { emailIdentity } from '../customers/profiles';

/** A known customer: their profile and every identity it gathers. */
export interface Customer {
  profileId: string;
  identities: Identity[];
  /** The channel they were named by, tried first. */
  namedBy: NotificationChannel;
}

/** The identity a request names the customer by. */
function identityOf(to: NotificationRecipient): { identity: Identity; namedBy: NotificationChannel } {
  if ('externalId' in to) return { identity: { kind: 'visitor', value: `user:${to.externalId}` }, namedBy: 'web' };
  if ('email' in to) return { identity: { kind: 'email', value: emailIdentity(to.email) ?? to.email.trim().toLowerCase() }, namedBy: 'email' };
  return { identity: { kind: 'visitor', value: `whatsapp:${to.id}` }, namedBy: 'whatsapp' };
}

/** The customer a request names, through their profile; 404 when Parley has never met them by that identity. */
export async function findCustomer(store: Store, to: NotificationRecipient): Promise<Customer> {
  const { identity, namedBy } = identityOf(to);
  const found = await store.notifications.customer(identity);
  if (!found) throw new HttpError(404, 'unknown_customer', 'No customer is known by that identity: they must have talked to a bot (or been signed in on the widget) first');
  return { ...found, namedBy };
}

/** Where each channel would reach the customer: a WhatsApp number, an address, a widget visitor id. */
export function addressesOf(customer: Customer): Record<NotificationChannel, string | undefined> {
  const visitors = customer.identities.filter((i) => i.kind === 'visitor').map((i) => i.value);
  // A verified customer's id follows them to every device; a device id only to that browser.
  const web = visitors.find((v) => v.startsWith('user:')) ?? visitors.find((v) => !channelOfVisitor(v) && !v.includes(':'));
  return {
    whatsapp: visitors.find((v) => v.startsWith('whatsapp:'))?.slice('whatsapp:'.length),
    email: customer.identities.find((i) => i.kind === 'email')?.value,
    web,
  };
}

const LABEL: Record<NotificationChannel, string> = { whatsapp: 'WhatsApp', email: 'email', web: 'the web widget' };
const ORDER: NotificationChannel[] = ['whatsapp', 'email', 'web'];

/**
 * The channel to use and the customer's address on it: the one asked for, else the one the customer was named by,
 * else the first of WhatsApp, email and web that reaches them. `unusable` says why the server cannot use a channel
 * (no WhatsApp settings, no SMTP) when it cannot. 422 with every reason when none works.
 */
export function chooseChannel(
  customer: Customer,
  asked: NotificationChannel | undefined,
  unusable: Record<NotificationChannel, string | undefined>,
): { channel: NotificationChannel; address: string } {
  const addresses = addressesOf(customer);
  const why = (channel: NotificationChannel) =>
    addresses[channel] === undefined ? `the customer has no ${channel === 'web' ? 'web identity (a signed-in id or widget device)' : channel === 'email' ? 'email address' : 'WhatsApp chat'}` : unusable[channel];
  const candidates = asked ? [asked] : [customer.namedBy, ...ORDER.filter((c) => c !== customer.namedBy)];
  for (const channel of candidates) if (why(channel) === undefined) return { channel, address: addresses[channel]! };
  const reasons = candidates.map((c) => `${LABEL[c]}: ${why(c)}`).join('; ');
  throw new HttpError(422, 'unreachable', `This customer cannot be reached${asked ? ` on ${LABEL[asked]}` : ''} (${reasons})`);
}
