import type { Vars } from '@parley/shared';
import type { TicketDraft } from '../store/conversations';

/** When a flow breaks (an outlet leads nowhere, a loop never waits), an agent takes over with this ticket. */
export function faultTicket(vars: Vars): TicketDraft {
  return { subject: 'The bot could not continue', priority: 'high', tags: ['bot-fault'], group: '', fields: { last_message: vars.last_message ?? null } };
}
