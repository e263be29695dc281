import { SCHEMA_VERSION, type FlowDocument } from '@parley/shared';

/** A new bot's first draft: valid and publishable, so the admin starts from something that runs. */
export function starterFlow(id: string, name: string, locale: 'en' | 'ko'): FlowDocument {
  const ko = locale === 'ko';
  return {
    schemaVersion: SCHEMA_VERSION,
    id,
    name,
    locale,
    variables: [],
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      { id: 'welcome', type: 'message', position: { x: 0, y: 140 }, data: { text: ko ? '안녕하세요! 무엇을 도와드릴까요?' : 'Hi! How can I help you today?' } },
      { id: 'bye', type: 'end', position: { x: 0, y: 280 }, data: { message: ko ? '이용해 주셔서 감사합니다.' : 'Thanks for chatting!', askResolved: false, question: '' } },
    ],
    edges: [
      { id: 'e-start', source: 'start', sourceHandle: 'next', target: 'welcome' },
      { id: 'e-welcome', source: 'welcome', sourceHandle: 'next', target: 'bye' },
    ],
    settings: { widget: { color: '#1f6feb', logoUrl: '', position: 'right', greeting: '', proactive: { enabled: false, urlContains: '', afterSeconds: 10, text: '' } } },
  };
}
