import { renderTemplate, type StepData, type Vars } from '@parley/shared';
import type { TicketDraft } from '../store/conversations';

/** What a `handoff` step puts on the ticket: the collected variables become named fields. */
export function ticketFor(data: StepData<'handoff'>, vars: Vars): TicketDraft {
  const fields: Record<string, unknown> = {};
  for (const name of data.fields) fields[name] = vars[name] ?? null;
  return { subject: renderTemplate(data.subject, vars).slice(0, 200), priority: data.priority, tags: data.tags, group: data.group, fields };
}

export function faultTicket(vars: Vars): TicketDraft {
  return { subject: 'The bot could not continue', priority: 'high', tags: ['bot-fault'], group: '', fields: { last_message: vars.last_message ?? null } };
}
