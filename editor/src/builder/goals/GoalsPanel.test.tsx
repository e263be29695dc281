import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { z } from 'zod';
import { CreateGoalRequest, FlowSettings, SCHEMA_VERSION, UpdateGoalRequest, type Goal, type GoalTotals } from '@parley/shared';
import { mockFetch, type Call, type Reply } from '../../common/test/fetchMock';
import { setLanguage } from '../i18n';
import { loadDocument } from '../store/flowStore';
import { SettingsDialog } from '../panels/SettingsDialog';
import { GoalsPanel } from './GoalsPanel';

afterEach(() => {
  vi.unstubAllGlobals();
  setLanguage('en');
});

const BOT = 'order-support';
const GOALS = `/api/bots/${BOT}/goals`;
const FIGURES = `/api/bots/${BOT}/conversions`;

const goal = (id: string, name: string, event: string, windowDays = 7): Goal => ({ id, botId: BOT, name, event, windowDays, createdAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-01T10:00:00.000Z' });
const purchase = goal('goal_p', 'Purchase', 'purchase');
const signup = goal('goal_s', 'Signup', 'signup', 30);

/** The runtime's 400 for a body its schema refuses: the schema's sentences in `details`. */
const invalid = (error: z.ZodError): Reply => [400, { error: { code: 'invalid_request', message: `Invalid body: ${z.prettifyError(error)}`, details: error.issues } }];

/**
 * A fake of the goals API as the runtime answers it: bodies checked with the shared schemas (anything the runtime would
 * refuse lands in `problems` as well as being refused), one goal per event, figures for the last 30 days.
 */
function server(initial: Goal[], totals: Partial<Record<string, Pick<GoalTotals, 'count' | 'value'>>> = {}, override?: (call: Call) => Reply | undefined) {
  const goals = initial.map((g) => ({ ...g }));
  const problems: string[] = [];
  let next = 1;
  const calls = mockFetch((c) => {
    const answer = override?.(c);
    if (answer) return answer;
    if (c.method === 'GET' && c.path === GOALS) return [200, { goals }];
    if (c.method === 'GET' && c.path === FIGURES)
      return [200, { from: '2026-02-01', to: '2026-03-02', days: [], goals: goals.map((g) => ({ goalId: g.id, name: g.name, event: g.event, attributed: 0, count: 0, value: 0, ...totals[g.id] })) }];
    if (c.method === 'POST' && c.path === GOALS) {
      const parsed = CreateGoalRequest.safeParse(c.body);
      if (!parsed.success) {
        problems.push(`POST ${JSON.stringify(c.body)}: ${parsed.error.message}`);
        return invalid(parsed.error);
      }
      if (goals.some((g) => g.event === parsed.data.event)) return [409, { error: { code: 'goal_exists', message: `Another goal of this bot counts the event "${parsed.data.event}" already` } }];
      const created = goal(`goal_${next++}`, parsed.data.name, parsed.data.event, parsed.data.windowDays ?? 7);
      goals.push(created);
      return [201, { goal: created }];
    }
    const m = /^\/api\/bots\/order-support\/goals\/(\w+)$/.exec(c.path);
    const found = m && goals.find((g) => g.id === m[1]);
    if (m && !found) return [404, { error: { code: 'not_found', message: 'Goal not found' } }];
    if (c.method === 'PATCH' && found) {
      const parsed = UpdateGoalRequest.safeParse(c.body);
      if (!parsed.success) {
        problems.push(`PATCH ${JSON.stringify(c.body)}: ${parsed.error.message}`);
        return invalid(parsed.error);
      }
      if (parsed.data.event && goals.some((g) => g.id !== found.id && g.event === parsed.data.event)) return [409, { error: { code: 'goal_exists', message: 'taken' } }];
      Object.assign(found, parsed.data);
      return [200, { goal: found }];
    }
    if (c.method === 'DELETE' && found) {
      goals.splice(goals.indexOf(found), 1);
      return [200, { ok: true }];
    }
    return undefined;
  });
  return Object.assign(calls, { problems, goals });
}

const row = (name: string) => screen.getByRole('row', { name: new RegExp(`^${name}\\b`) });
const writes = (calls: Call[]) => calls.filter((c) => c.method !== 'GET');

describe('goals panel', () => {
  it('lists the goals with their last 30 days, after a loading state', async () => {
    const calls = server([purchase, signup], { goal_p: { count: 12, value: 1234.5 } });
    render(<GoalsPanel botId={BOT} />);
    expect(screen.getByRole('status').textContent).toContain('Loading goals');
    await screen.findByRole('table', { name: 'Goals and their conversions in the last 30 days' });
    const cells = (name: string) => within(row(name)).getAllByRole('cell').map((c) => c.textContent);
    expect(cells('Purchase')).toEqual(['purchase', '7 days', '12', '1,234.5', 'EditDelete']);
    expect(cells('Signup')).toEqual(['signup', '30 days', '0', '0', 'EditDelete']);
    expect(screen.getByText(/analytics, not billing/)).toBeTruthy();
    expect(calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual([`GET ${FIGURES}`, `GET ${GOALS}`]);
  });

  it('says so when there is no goal yet', async () => {
    server([]);
    render(<GoalsPanel botId={BOT} />);
    expect(await screen.findByText('No goal yet. Add one to count conversions for this bot.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('offers a retry when loading fails', async () => {
    let fail = true;
    const calls = server([purchase], {}, (c) => (fail && c.path === FIGURES ? [500, { error: { code: 'internal', message: 'The database is not answering' } }] : undefined));
    render(<GoalsPanel botId={BOT} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The goals could not be loaded: The database is not answeringTry again');
    fail = false;
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('row', { name: /^Purchase/ })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(calls.problems).toEqual([]);
  });

  it('creates a goal from the keyboard with the default window, then announces it and returns focus', async () => {
    const calls = server([purchase]);
    render(<GoalsPanel botId={BOT} />);
    const user = userEvent.setup();
    await screen.findByRole('table');
    screen.getByRole('button', { name: 'Add goal' }).focus();
    await user.keyboard('{Enter}');
    const form = screen.getByRole('form', { name: 'New goal' });
    expect(document.activeElement).toBe(within(form).getByLabelText('Name'));
    expect((within(form).getByLabelText('Attribution window (days)') as HTMLInputElement).value).toBe('7');
    await user.keyboard('  Newsletter  ');
    await user.tab();
    await user.keyboard('newsletter.signup{Enter}');
    expect(await screen.findByRole('row', { name: /^Newsletter/ })).toBeTruthy();
    expect(writes(calls)).toEqual([expect.objectContaining({ method: 'POST', path: GOALS, body: { name: 'Newsletter', event: 'newsletter.signup', windowDays: 7 } })]);
    expect(screen.getByText('✓ Goal Newsletter saved')).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add goal' })));
    expect(calls.problems).toEqual([]);
  });

  it('checks the form before sending and focuses the first problem', async () => {
    const calls = server([]);
    render(<GoalsPanel botId={BOT} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add goal' }));
    const form = screen.getByRole('form', { name: 'New goal' });
    await user.type(within(form).getByLabelText('Event name'), 'added to cart');
    const days = within(form).getByLabelText('Attribution window (days)');
    await user.clear(days);
    await user.type(days, '120');
    await user.click(within(form).getByRole('button', { name: 'Create goal' }));
    const name = within(form).getByLabelText('Name');
    expect(document.activeElement).toBe(name);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByText('Fill this in.')).toBeTruthy();
    expect(within(form).getByText('Use only letters, digits and _ . : - (no spaces).')).toBeTruthy();
    expect(within(form).getByText('A whole number of days from 1 to 90.')).toBeTruthy();
    expect(writes(calls)).toEqual([]);
  });

  it("shows the server's refusals beside their fields: an event taken by another goal, a schema's sentence", async () => {
    const calls = server([purchase], {}, (c) =>
      c.method === 'POST' && (c.body as { name?: string }).name === 'Weird'
        ? [400, { error: { code: 'invalid_request', message: 'Invalid body: ✖ The name is reserved → at name', details: [{ path: ['name'], message: 'The name is reserved' }] } }]
        : undefined,
    );
    render(<GoalsPanel botId={BOT} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add goal' }));
    const form = screen.getByRole('form', { name: 'New goal' });
    await user.type(within(form).getByLabelText('Name'), 'Order');
    await user.type(within(form).getByLabelText('Event name'), 'purchase');
    await user.click(within(form).getByRole('button', { name: 'Create goal' }));
    const event = within(form).getByLabelText('Event name');
    await vi.waitFor(() => expect(event.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(event.getAttribute('aria-describedby')!.split(' ')[1]!)!.textContent).toBe('Another goal already counts the event “purchase”.');
    expect(within(form).getByRole('alert').textContent).toBe('Another goal already counts the event “purchase”.');
    expect(document.activeElement).toBe(event);

    await user.clear(within(form).getByLabelText('Name'));
    await user.type(within(form).getByLabelText('Name'), 'Weird');
    await user.clear(event);
    await user.type(event, 'order');
    await user.click(within(form).getByRole('button', { name: 'Create goal' }));
    expect(await within(form).findByText('The name is reserved', { selector: '.field__error' })).toBeTruthy();
    expect(within(form).getByRole('alert').textContent).toBe('The name is reserved');
    expect(calls.goals.map((g) => g.event)).toEqual(['purchase']);
    expect(calls.problems).toEqual([]);
  });

  it('changes only what was edited', async () => {
    const calls = server([purchase, signup]);
    render(<GoalsPanel botId={BOT} />);
    const user = userEvent.setup();
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: 'Edit goal Signup' }));
    const form = screen.getByRole('form', { name: 'Edit goal Signup' });
    expect((within(form).getByLabelText('Event name') as HTMLInputElement).value).toBe('signup');
    const days = within(form).getByLabelText('Attribution window (days)');
    await user.clear(days);
    await user.type(days, '14');
    await user.click(within(form).getByRole('button', { name: 'Save goal' }));
    await vi.waitFor(() => expect(within(row('Signup')).getByText('14 days')).toBeTruthy());
    expect(writes(calls)).toEqual([expect.objectContaining({ method: 'PATCH', path: `${GOALS}/goal_s`, body: { windowDays: 14 } })]);
    expect(calls.problems).toEqual([]);
  });

  it('deletes a goal after asking, and shows why when deleting fails', async () => {
    let failDelete = true;
    const calls = server([purchase, signup], {}, (c) => (c.method === 'DELETE' && failDelete ? [503, { error: { code: 'unavailable', message: 'The service is briefly unavailable; try again in a moment' } }] : undefined));
    render(<GoalsPanel botId={BOT} />);
    const user = userEvent.setup();
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: 'Delete goal Purchase' }));
    const confirm = screen.getByRole('group', { name: 'Delete Purchase and its figures?' });
    expect(writes(calls)).toEqual([]);
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Delete' }));
    await user.keyboard('{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('The service is briefly unavailable; try again in a moment');
    failDelete = false;
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await vi.waitFor(() => expect(screen.queryByRole('row', { name: /^Purchase/ })).toBeNull());
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('✓ Goal Purchase deleted')).toBeTruthy();
    expect(writes(calls).map((c) => `${c.method} ${c.path}`)).toEqual([`DELETE ${GOALS}/goal_p`, `DELETE ${GOALS}/goal_p`]);
    expect(row('Signup')).toBeTruthy();
  });

  it('speaks Korean under ko', async () => {
    setLanguage('ko');
    server([signup], { goal_s: { count: 3, value: 0 } });
    render(<GoalsPanel botId={BOT} />);
    await screen.findByRole('table', { name: '목표와 최근 30일의 전환' });
    expect(within(row('Signup')).getByText('30일')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Signup 목표 편집' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '목표 추가' })).toBeTruthy();
  });
});

describe('the Goals tab of the bot settings', () => {
  it('opens by keyboard, loads on first visit, and Escape closes a goal form without closing the dialog', async () => {
    loadDocument(BOT, { schemaVersion: SCHEMA_VERSION, id: BOT, name: 'S', locale: 'en', variables: [], nodes: [], edges: [], settings: FlowSettings.parse({}) });
    const calls = server([purchase]);
    const onClose = vi.fn();
    render(<SettingsDialog botId={BOT} onClose={onClose} />);
    const user = userEvent.setup();
    expect(calls).toHaveLength(0);
    screen.getByRole('tab', { name: 'Language and widget' }).focus();
    await user.keyboard('{ArrowLeft}');
    const tab = screen.getByRole('tab', { name: 'Goals' });
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tab);
    const panel = screen.getByRole('tabpanel', { name: 'Goals' });
    expect(await within(panel).findByRole('row', { name: /^Purchase/ })).toBeTruthy();
    // Goals save themselves: nothing to apply.
    expect(screen.getByRole('button', { name: 'Close' })).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: 'Add goal' }));
    await user.keyboard('{Escape}');
    expect(within(panel).queryByRole('form')).toBeNull();
    expect(onClose).not.toHaveBeenCalled();
    // Focus returns to where the admin started, inside the dialog, so the next Escape closes the dialog.
    await vi.waitFor(() => expect(document.activeElement).toBe(within(panel).getByRole('button', { name: 'Add goal' })));
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
