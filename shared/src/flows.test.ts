import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FlowDocument } from './flow';
import { validate } from './validate';
import { compile, type CompiledFlow } from './compile';
import { runTurnSync, type EffectRequest, type PersistedState, type TurnOptions, type TurnOutcome } from './engine';
import type { BotEvent } from './machine';
import type { StepResult } from './steps';

const root = fileURLToPath(new URL('../../', import.meta.url));
const flowsDir = join(root, 'flows');
const articlesDir = join(flowsDir, 'articles');

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const flowFiles = readdirSync(flowsDir).filter((f) => f.endsWith('.json')).sort();
const articleFiles = readdirSync(articlesDir).filter((f) => f.endsWith('.json')).sort();

// A Wednesday morning in both time zones' working week; the walks force business hours anyway.
const now = new Date('2026-11-25T15:00:00Z');

const effects: EffectRequest[] = [];
function fakeEffect(req: EffectRequest): StepResult {
  effects.push(req);
  switch (req.node.type) {
    case 'apiCall':
      return { outlet: 'success', vars: { order_status: 'shipped', order_eta: 'tomorrow' } };
    case 'articles':
      return { outlet: 'none' };
    default:
      throw new Error(`No fake for a ${req.node.type} effect`);
  }
}

/** Drives one conversation turn by turn, keeping the persisted state between turns as the runtime does. */
function conversation(compiled: CompiledFlow) {
  let state: PersistedState | null = null;
  const turn = (event: BotEvent | null, options: Partial<TurnOptions> = {}): TurnOutcome => {
    const outcome = runTurnSync(compiled, state, event, { now, ...options }, fakeEffect);
    expect(outcome.fault).toBeUndefined();
    state = outcome.state;
    return outcome;
  };
  return {
    start: () => turn(null),
    text: (text: string, options?: Partial<TurnOptions>) => turn({ type: 'TEXT', text }, options),
    click: (nodeId: string, optionId: string, options?: Partial<TurnOptions>) => turn({ type: 'POSTBACK', payload: `${nodeId}:${optionId}` }, options),
  };
}

const texts = (outcome: TurnOutcome) => outcome.messages.map((m) => ('text' in m.payload ? m.payload.text : ''));

function load(file: string) {
  const doc = FlowDocument.parse(readJson(join(flowsDir, file)));
  const validation = validate(doc);
  return { doc, validation };
}

function compiled(file: string): CompiledFlow {
  const { validation } = load(file);
  if (!validation.flow) throw new Error(`${file} did not validate`);
  return compile(validation.flow);
}

describe('seeded flows', () => {
  it('finds the example flows', () => {
    expect(flowFiles).toEqual(expect.arrayContaining(['order-support.en.json', 'order-support.ko.json']));
  });

  describe.each(flowFiles)('%s', (file) => {
    it('parses, validates without errors or warnings, and compiles', () => {
      const { doc, validation } = load(file);
      expect(validation.diagnostics).toEqual([]);
      expect(validation.flow).not.toBeNull();
      expect(() => compile(validation.flow!)).not.toThrow();
      const suffix = /\.(en|ko)\.json$/.exec(file)?.[1];
      if (suffix) expect(doc.locale).toBe(suffix);
    });

    it('ids are unique across nodes and edges', () => {
      const { doc } = load(file);
      expect(new Set(doc.nodes.map((n) => n.id)).size).toBe(doc.nodes.length);
      expect(new Set(doc.edges.map((e) => e.id)).size).toBe(doc.edges.length);
    });
  });
});

describe.each(['order-support.en.json', 'order-support.ko.json'])('walking %s', (file) => {
  const flow = compiled(file);

  it('greets and shows the menu', () => {
    const first = conversation(flow).start();
    expect(first.settled).toBe('wait');
    expect(first.nodeId).toBe('menu');
    expect(first.messages.map((m) => m.payload.type)).toEqual(['text', 'options']);
    const menu = first.messages[1]!.payload;
    expect(menu.type === 'options' && menu.buttons.map((b) => b.id)).toEqual(['track', 'question', 'agent']);
  });

  it('tracks an order: order number, lookup, shipped message, anything else', () => {
    const c = conversation(flow);
    c.start();
    const asked = c.click('menu', 'track');
    expect(asked.nodeId).toBe('ask-order');
    expect(asked.messages.at(-1)?.payload.type).toBe('input');

    effects.length = 0;
    const answered = c.text('10001');
    expect(effects.map((e) => e.node.id)).toEqual(['lookup']);
    expect(effects[0]!.vars.order_number).toBe('10001');
    expect(answered.settled).toBe('wait');
    expect(answered.nodeId).toBe('anything-else');
    const shipped = answered.messages.find((m) => m.nodeId === 'msg-shipped');
    expect(shipped?.payload.type === 'text' && shipped.payload.text).toMatch(/10001.*tomorrow/s);

    expect(c.click('anything-else', 'yes').nodeId).toBe('menu');
  });

  it('hands an order number that stays invalid to the agent path after three tries', () => {
    const c = conversation(flow);
    c.start();
    c.click('menu', 'track');
    for (const bad of ['12', 'abcde']) {
      const retry = c.text(bad);
      expect(retry.nodeId).toBe('ask-order');
      const last = retry.messages.at(-1)?.payload;
      expect(last?.type === 'input' && last.error).toBeTruthy();
    }
    const third = c.text('order 123');
    expect(third.nodeId).toBe('ask-name');
    expect(third.messages.map((m) => m.nodeId)).toEqual(['order-invalid', 'ask-name']);
    expect(third.state.context.vars.summary).toMatch(/^order 123/);
  });

  it.each(['open', 'closed'] as const)('talks to a person and hands off when %s', (hours) => {
    const c = conversation(flow);
    c.start();
    const issue = c.click('menu', 'agent');
    expect(issue.nodeId).toBe('ask-issue');
    const name = c.text('My parcel is late');
    expect(name.nodeId).toBe('ask-name');
    const email = c.text('Ada Lovelace');
    expect(email.nodeId).toBe('ask-email');
    expect(texts(email).join(' ')).toContain('Ada Lovelace');

    const done = c.text('ada@example.com', { forceBusinessHours: hours });
    expect(done.settled).toBe('handoff');
    expect(done.nodeId).toBe(hours === 'open' ? 'handoff-agent' : 'handoff-ticket');
    const said = texts(done).join(' ');
    // Closed, and no email can be sent (can_email is empty unless the server has SMTP): no promise of email.
    if (hours === 'open') expect(said).toContain('Ada Lovelace');
    else {
      expect(said).toMatch(/we'll reply here when we're back|여기로 답변/);
      expect(said).not.toMatch(/email|메일/i);
    }
    if (hours === 'closed') expect(done.messages.map((m) => m.nodeId)).toContain('closed-msg');
    expect(done.state.context.vars).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', order_number: '' });
    // The summary keeps what the customer asked for, not the name or email typed after it.
    expect(done.state.context.vars.summary).toMatch(/^My parcel is late/);
  });

  it('offers a person when the order lookup fails', () => {
    let state = runTurnSync(flow, null, null, { now }).state;
    state = runTurnSync(flow, state, { type: 'POSTBACK', payload: 'menu:track' }, { now }).state;
    // runTurnSync's default effect answers failure, as the runtime does for a 404 or a timeout.
    const out = runTurnSync(flow, state, { type: 'TEXT', text: '10009' }, { now });
    expect(out.nodeId).toBe('failed-options');
    expect(out.messages.map((m) => m.nodeId)).toEqual(['lookup-failed', 'failed-options']);
    const agent = runTurnSync(flow, out.state, { type: 'POSTBACK', payload: 'failed-options:agent' }, { now });
    expect(agent.nodeId).toBe('ask-name');
  });
});

const Article = z
  .object({
    id: z.number().int().positive(),
    title: z.string().min(1).max(200),
    body: z.string().min(1).regex(/^<p>/, 'HTML body'),
    html_url: z.string().regex(/^https:\/\/help\.northwind\.example\/hc\/(en-us|ko)\/articles\/\d+-[a-z0-9-]+$/),
    locale: z.enum(['en-us', 'ko']),
    label_names: z.array(z.string().min(1)),
  })
  .strict();
const HelpCenterExport = z.object({ articles: z.array(Article).min(10).max(12) }).strict();

describe('help center articles', () => {
  it('finds an English and a Korean export', () => {
    expect(articleFiles).toEqual(['help-center.en.json', 'help-center.ko.json']);
  });

  it.each(articleFiles)('%s is in the Zendesk Help Center format', (file) => {
    const { articles } = HelpCenterExport.parse(readJson(join(articlesDir, file)));
    const locale = file.includes('.ko.') ? 'ko' : 'en-us';
    for (const a of articles) {
      expect(a.locale).toBe(locale);
      expect(a.html_url).toContain(`/hc/${locale}/articles/${a.id}-`);
    }
    expect(new Set(articles.map((a) => a.id)).size).toBe(articles.length);
  });

  it('uses distinct ids across locales', () => {
    const ids = articleFiles.flatMap((f) => HelpCenterExport.parse(readJson(join(articlesDir, f))).articles.map((a) => a.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
