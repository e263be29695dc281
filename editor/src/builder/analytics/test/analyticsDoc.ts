import { FlowSettings, SCHEMA_VERSION, type FlowDocument } from '@parley/shared';

/** start → FAQ (shipping, refund, no match → second FAQ (sign in)) → end. Ids are deliberately unlike the titles. */
export function analyticsDoc(): FlowDocument {
  const answer = (id: string, title: string) => ({ id, title, phrases: [title.toLowerCase()], reply: `About ${title}` });
  return {
    schemaVersion: SCHEMA_VERSION,
    id: 'order-support',
    name: 'Order support',
    locale: 'en',
    variables: [],
    nodes: [
      { id: 'n_start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      { id: 'n_faq1', type: 'faq', position: { x: 0, y: 150 }, data: { prompt: 'What can I help with?', answers: [answer('a_ship', 'Shipping'), answer('a_refund', 'Refunds')], threshold: 0.45 } },
      { id: 'n_faq2', type: 'faq', position: { x: 300, y: 300 }, data: { prompt: 'Anything about your account?', answers: [answer('a_login', 'Signing in')], threshold: 0.45 } },
      { id: 'n_end', type: 'end', position: { x: 0, y: 450 }, data: { message: 'Bye' } },
    ],
    edges: [
      { id: 'e_start', source: 'n_start', sourceHandle: 'next', target: 'n_faq1' },
      { id: 'e_ship', source: 'n_faq1', sourceHandle: 'a_ship', target: 'n_end' },
      { id: 'e_refund', source: 'n_faq1', sourceHandle: 'a_refund', target: 'n_end' },
      { id: 'e_nomatch', source: 'n_faq1', sourceHandle: 'noMatch', target: 'n_faq2' },
      { id: 'e_login', source: 'n_faq2', sourceHandle: 'a_login', target: 'n_end' },
    ],
    settings: FlowSettings.parse({}),
  };
}
