import type { Scope, WebhookEventType } from './integrationsApi';

/**
 * i18n keys for names the API spells with ":" and "." — i18next reads those as namespace and nesting separators, so
 * each scope and event has a plain key for its explanation. Records over the contract's enums, so a new scope or event
 * fails to compile until it has one.
 */
export const SCOPE_HINT: Record<Scope, string> = {
  'conversations:read': 'integrations.scopeHints.conversationsRead',
  'messages:write': 'integrations.scopeHints.messagesWrite',
  switchboard: 'integrations.scopeHints.switchboard',
  notifications: 'integrations.scopeHints.notifications',
  webhooks: 'integrations.scopeHints.webhooks',
  conversions: 'integrations.scopeHints.conversions',
};

export const EVENT_GROUPS = ['conversation', 'message', 'ticket', 'switchboard', 'conversion'] as const;
export type EventGroup = (typeof EVENT_GROUPS)[number];

export const EVENT_INFO: Record<WebhookEventType, { group: EventGroup; hint: string }> = {
  'conversation.started': { group: 'conversation', hint: 'integrations.webhooks.eventHints.conversationStarted' },
  'conversation.ended': { group: 'conversation', hint: 'integrations.webhooks.eventHints.conversationEnded' },
  'message.created': { group: 'message', hint: 'integrations.webhooks.eventHints.messageCreated' },
  'ticket.created': { group: 'ticket', hint: 'integrations.webhooks.eventHints.ticketCreated' },
  'ticket.updated': { group: 'ticket', hint: 'integrations.webhooks.eventHints.ticketUpdated' },
  'ticket.resolved': { group: 'ticket', hint: 'integrations.webhooks.eventHints.ticketResolved' },
  'switchboard.passed': { group: 'switchboard', hint: 'integrations.webhooks.eventHints.switchboardPassed' },
  'switchboard.released': { group: 'switchboard', hint: 'integrations.webhooks.eventHints.switchboardReleased' },
  'conversion.recorded': { group: 'conversion', hint: 'integrations.webhooks.eventHints.conversionRecorded' },
};
