import '../test/setup';
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FlowSettings, SCHEMA_VERSION, stepKinds, stepOf, type StepKind } from '@parley/shared';
import { loadDocument, nodeById, setSelection, useFlowStore } from '../store/flowStore';
import { PropertiesPanel } from '../panels/PropertiesPanel';

const VARIABLE_MESSAGE = 'Start with a letter or "_", then letters, digits or "_" (at most 64)';

/** The properties panel on a one-step flow with that step selected, as the editor shows it. */
function renderForm(kind: StepKind, data: Record<string, unknown> = stepOf(kind).defaults('en') as Record<string, unknown>) {
  loadDocument('bot', {
    schemaVersion: SCHEMA_VERSION,
    id: 'bot',
    name: 'Forms',
    locale: 'en',
    variables: [],
    nodes: [{ id: 'n1', type: kind, position: { x: 0, y: 0 }, data }],
    edges: [],
    settings: FlowSettings.parse({}),
  });
  setSelection(['n1']);
  const utils = render(<PropertiesPanel />);
  return { ...utils, user: userEvent.setup(), data: () => nodeById(useFlowStore.getState().doc, 'n1')!.data };
}

function expectNoFieldErrors(container: HTMLElement) {
  expect(container.querySelectorAll('.field__error')).toHaveLength(0);
  expect(container.querySelectorAll('[aria-invalid="true"]')).toHaveLength(0);
}

/** For each kind: how to make its settings invalid through the form, and the schema's message that must then show. */
const invalidInput: Record<StepKind, { message: string; act: (user: ReturnType<typeof userEvent.setup>) => Promise<void> } | null> = {
  start: null,
  message: { message: 'Write the message', act: (u) => u.clear(screen.getByLabelText('Message text')) },
  options: { message: 'Give the button a label', act: (u) => u.clear(screen.getByLabelText('Label')) },
  carousel: { message: 'Give the card a title', act: (u) => u.clear(screen.getByLabelText('Title')) },
  ask: {
    message: VARIABLE_MESSAGE,
    act: async (u) => {
      const input = screen.getByLabelText('Variable');
      await u.clear(input);
      await u.type(input, '1st');
    },
  },
  faq: { message: 'Write the reply', act: (u) => u.clear(screen.getByLabelText('Reply')) },
  articles: { message: 'Say what to search for', act: (u) => u.clear(screen.getByLabelText('Search for')) },
  condition: {
    message: VARIABLE_MESSAGE,
    act: async (u) => {
      const input = screen.getByLabelText('Variable');
      await u.clear(input);
      await u.type(input, 'my var');
    },
  },
  businessHours: {
    message: 'The interval ends before it starts',
    act: async () => {
      fireEvent.change(screen.getByLabelText('Monday To'), { target: { value: '08:00' } });
    },
  },
  apiCall: {
    message: 'Use an http(s) URL',
    act: async (u) => {
      const input = screen.getByLabelText('URL');
      await u.clear(input);
      await u.type(input, 'ftp://example.com');
    },
  },
  setVariable: {
    message: VARIABLE_MESSAGE,
    act: async (u) => {
      const input = screen.getByLabelText('Variable to set');
      await u.clear(input);
      await u.type(input, 'has space');
    },
  },
  handoff: { message: 'Write a ticket subject', act: (u) => u.clear(screen.getByLabelText('Ticket subject')) },
  passToIntegration: {
    message: 'An integration id has at most 64 characters',
    act: (u) => u.type(screen.getByLabelText('Integration id'), 'x'.repeat(65)),
  },
  end: {
    message: VARIABLE_MESSAGE,
    act: async (u) => {
      await u.click(screen.getByLabelText('Ask whether the issue was resolved'));
      await u.type(screen.getByLabelText(/Store “yes” or “no” in/), '9lives');
    },
  },
};

describe('step forms', () => {
  it.each(stepKinds)('%s: valid data shows no error; invalid input shows the schema’s message on the field', async (kind) => {
    const { container, user, data } = renderForm(kind);
    expect(screen.getByRole('heading', { level: 2 })).toBeTruthy();
    expectNoFieldErrors(container);
    const invalid = invalidInput[kind];
    if (!invalid) {
      expect(screen.getByText(/no settings/)).toBeTruthy();
      return;
    }
    await invalid.act(user);
    const error = await screen.findByText((_, el) => el?.classList.contains('field__error') === true && el.textContent!.includes(invalid.message));
    // The message sits with the control that caused it, which is marked invalid for assistive technology.
    const field = error.closest('.field, .hours__interval, .list__item')!;
    expect(field.querySelectorAll('[aria-invalid="true"]').length).toBeGreaterThan(0);
    expect(stepOf(kind).schema.safeParse(data()).success).toBe(false);
  });

  it('keeps what is typed in the store, so the node and autosave see it', async () => {
    const { user, data } = renderForm('message', { text: '' });
    // `{{` is how user-event types one literal `{`.
    await user.type(screen.getByLabelText('Message text'), 'Hello {{{{name}}');
    expect(data().text).toBe('Hello {{name}}');
    expect(screen.queryByText('Write the message')).toBeNull();
  });

  it('adds and removes list items', async () => {
    const { user, data } = renderForm('options');
    await user.click(screen.getByRole('button', { name: 'Add option' }));
    expect((data().options as unknown[]).length).toBe(2);
    await user.click(screen.getByRole('button', { name: 'Remove option 1' }));
    expect((data().options as { label: string }[]).map((o) => o.label)).toEqual(['Option 2']);
    await user.click(screen.getByRole('button', { name: 'Remove option 1' }));
    expect(await screen.findByText('Add at least one option')).toBeTruthy();
  });

  it('shows a flow diagnostic for the step in the panel', async () => {
    renderForm('message');
    expect(await screen.findByText('Outlet "Next" goes nowhere: connect it to a step')).toBeTruthy();
  });
});

describe('connections in the properties panel', () => {
  it('connects and disconnects an outlet from the keyboard', async () => {
    loadDocument('bot', {
      schemaVersion: SCHEMA_VERSION,
      id: 'bot',
      name: 'Connections',
      locale: 'en',
      variables: [],
      nodes: [
        { id: 'hi', type: 'message', position: { x: 0, y: 0 }, data: { text: 'Hi' } },
        { id: 'bye', type: 'end', position: { x: 0, y: 200 }, data: { message: 'Goodbye now' } },
      ],
      edges: [],
      settings: FlowSettings.parse({}),
    });
    setSelection(['hi']);
    render(<PropertiesPanel />);
    const user = userEvent.setup();
    const next = screen.getByRole('combobox', { name: 'Next' });
    // The list of steps is filled in when the select is first used.
    await user.click(next);
    await user.selectOptions(next, 'End · Goodbye now');
    expect(useFlowStore.getState().doc!.edges).toMatchObject([{ source: 'hi', sourceHandle: 'next', target: 'bye' }]);
    await user.selectOptions(next, '— Not connected —');
    expect(useFlowStore.getState().doc!.edges).toEqual([]);
  });
});
