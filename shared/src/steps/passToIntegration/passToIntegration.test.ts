import { describe, expect, it } from 'vitest';
import { HELD_STATE, passToIntegration, RELEASE_PART } from './passToIntegration';
import { chat, flowDoc, issues, said, step, type FlowSpec } from '../../testing/flows';
import { validate } from '../../validate';

const concierge = (connected: string[] = ['pass.released -> back', 'pass.unavailable -> away']): FlowSpec => ({
  nodes: {
    start: step('start', {}),
    pass: step('passToIntegration', { integrationId: 'int_1', message: 'Connecting you, {{name}}', metadata: [{ key: 'plan', value: '{{plan}}' }] }),
    back: step('message', { text: 'Welcome back' }),
    away: step('message', { text: 'Nobody is there' }),
    menu: step('options', { text: 'Anything else?', options: [{ id: 'yes', label: 'Yes' }] }),
  },
  edges: ['start.next -> pass', ...connected, 'back.next -> menu', 'away.next -> menu'],
  variables: [
    { name: 'name', defaultValue: 'Ada' },
    { name: 'plan', defaultValue: 'Gold' },
  ],
});

describe('pass to integration step schema', () => {
  it('defaults to no integration, no message and no metadata', () => {
    expect(passToIntegration.schema.parse({})).toEqual({ integrationId: '', message: '', metadata: [] });
  });

  it('rejects a blank metadata key and too much metadata', () => {
    expect(issues(passToIntegration.schema, { integrationId: 'int_1', metadata: [{ key: ' ', value: 'x' }] }).map((i) => i.path)).toEqual(['metadata.0.key']);
    expect(issues(passToIntegration.schema, { metadata: Array.from({ length: 21 }, (_, i) => ({ key: `k${i}` })) }).map((i) => i.path)).toEqual(['metadata']);
  });
});

describe('pass to integration step', () => {
  it('has a released outlet that waits for a release, and an optional unavailable outlet', () => {
    const data = passToIntegration.schema.parse({ integrationId: 'int_1', message: 'Hi {{name}}', metadata: [{ key: 'plan', value: '{{plan}}' }] });
    expect(passToIntegration.outlets(data)).toEqual([
      { id: 'released', label: 'Released' },
      { id: 'unavailable', label: 'Unavailable', optional: true },
    ]);
    expect(passToIntegration.waits(data, 'released')).toBe(true);
    expect(passToIntegration.waits(data, 'unavailable')).toBe(false);
    expect(passToIntegration.reads(data)).toEqual(['name', 'plan']);
  });

  it('asks the runtime whether the integration is there, then says its message and waits, held, until released', () => {
    const asked: string[] = [];
    const c = chat(concierge(), {
      effect: (req) => {
        asked.push(req.node.id);
        return { outlet: 'passed' };
      },
    });
    const first = c.start();
    expect(asked).toEqual(['pass']);
    expect(first.settled).toBe('wait');
    expect(first.nodeId).toBe('pass');
    expect(said(first)).toEqual(['Connecting you, Ada']);
    expect(c.state!.value).toEqual({ pass: HELD_STATE });
    // Whatever the customer says does not move a held step (the runtime does not even run the flow then).
    expect(said(c.text('hello?'))).toEqual([]);
    expect(c.state!.value).toEqual({ pass: HELD_STATE });
    const released = c.postback(`pass:${RELEASE_PART}`);
    expect(said(released)).toEqual(['Welcome back', 'Anything else?']);
    expect(released.nodeId).toBe('menu');
  });

  it('goes on through "unavailable" when the runtime finds no integration, and faults without that outlet', () => {
    const away = chat(concierge(), { effect: () => ({ outlet: 'unavailable' }) }).start();
    expect(said(away)).toEqual(['Nobody is there', 'Anything else?']);
    const nowhere = chat(concierge(['pass.released -> back']), { effect: () => ({ outlet: 'unavailable' }) }).start();
    expect(nowhere.settled).toBe('fault');
  });
});

describe('pass to integration diagnostics', () => {
  it('warns on the integration field while no integration is chosen, and not once one is', () => {
    const flow = concierge();
    const unchosen: FlowSpec = { ...flow, nodes: { ...flow.nodes, pass: step('passToIntegration', { integrationId: '' }) } };
    const warned = validate(flowDoc(unchosen)).diagnostics.filter((d) => d.code === 'incomplete-settings');
    expect(warned).toEqual([expect.objectContaining({ severity: 'warning', nodeId: 'pass', path: ['data', 'integrationId'] })]);
    expect(validate(flowDoc(flow)).diagnostics.filter((d) => d.code === 'incomplete-settings')).toEqual([]);
  });
});
