import { describe, expect, it } from 'vitest';
import { handoff } from './handoff';
import { phrases } from '../../phrases';
import { chat, issues, step, type FlowSpec } from '../../testing/flows';

const toAgent = (data: Parameters<typeof step<'handoff'>>[1]): FlowSpec => ({
  nodes: { start: step('start', {}), human: step('handoff', data) },
  edges: ['start.next -> human'],
  variables: [{ name: 'plan', defaultValue: 'Pro' }],
});

describe('handoff step schema', () => {
  it('needs only a subject, defaulting the rest', () => {
    expect(handoff.schema.parse({ subject: 'Help' })).toEqual({ message: '', subject: 'Help', priority: 'normal', tags: [], group: '', fields: [] });
  });

  it('rejects a blank subject, an unknown priority and a bad field name', () => {
    expect(issues(handoff.schema, { subject: ' ' })).toEqual([{ path: 'subject', message: 'Write a ticket subject' }]);
    expect(issues(handoff.schema, { subject: 'Help', priority: 'critical' }).map((i) => i.path)).toEqual(['priority']);
    expect(issues(handoff.schema, { subject: 'Help', fields: ['ok', 'not ok'] }).map((i) => i.path)).toEqual(['fields.1']);
  });
});

describe('handoff step', () => {
  it('has no outlets, and reads its templates and ticket fields', () => {
    const data = handoff.schema.parse({ subject: 'Order {{order_id}}', message: 'Hold on {{name}}', fields: ['email', 'order_id'] });
    expect(handoff.outlets(data)).toEqual([]);
    expect(handoff.reads(data)).toEqual(['name', 'order_id', 'email', 'order_id']);
  });

  it('says its message and settles as a handoff on itself', () => {
    const turn = chat(toAgent({ subject: 'Help', message: 'A {{plan}} agent is coming' })).start();
    expect(turn.settled).toBe('handoff');
    expect(turn.nodeId).toBe('human');
    expect(turn.messages).toEqual([{ nodeId: 'human', payload: { type: 'system', text: 'A Pro agent is coming' } }]);
  });

  it('says the default phrase in the flow locale when it has no message', () => {
    const spec = toAgent({ subject: 'Help' });
    expect(chat(spec).start().messages[0]!.payload).toEqual({ type: 'system', text: phrases.en.handoff });
    expect(chat({ ...spec, locale: 'ko' }).start().messages[0]!.payload).toEqual({ type: 'system', text: phrases.ko.handoff });
  });

  it('leaves the bot silent afterwards', () => {
    const c = chat(toAgent({ subject: 'Help' }));
    c.start();
    const later = c.text('hello?');
    expect(later.messages).toEqual([]);
    expect(later.settled).toBe('handoff');
    expect(c.vars.last_message).toBeUndefined();
  });
});
