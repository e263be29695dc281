import '../test/setup';
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FlowSettings, SCHEMA_VERSION } from '@parley/shared';
import { loadDocument, undo, useFlowStore } from '../store/flowStore';
import { SettingsDialog } from './SettingsDialog';

describe('bot settings', () => {
  it('applies only settings that pass the schema, as one undoable change', async () => {
    loadDocument('bot', { schemaVersion: SCHEMA_VERSION, id: 'bot', name: 'S', locale: 'en', variables: [], nodes: [], edges: [], settings: FlowSettings.parse({}) });
    let closed = false;
    render(<SettingsDialog onClose={() => (closed = true)} />);
    const user = userEvent.setup();
    const hex = screen.getByLabelText('Colour (hex)');
    await user.clear(hex);
    await user.type(hex, 'green');
    expect(await screen.findByText('Use a colour like #1f6feb')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Apply' }) as HTMLButtonElement).disabled).toBe(true);

    await user.clear(hex);
    await user.type(hex, '#2f6f4f');
    await user.type(screen.getByLabelText(/Greeting under the title/), 'Ask us anything');
    await user.selectOptions(screen.getByLabelText('Bot language', { exact: false }), 'ko');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(closed).toBe(true);
    const doc = useFlowStore.getState().doc!;
    expect(doc.locale).toBe('ko');
    expect(doc.settings.widget).toMatchObject({ color: '#2f6f4f', greeting: 'Ask us anything' });
    undo();
    expect(useFlowStore.getState().doc!.settings.widget.color).toBe('#1f6feb');
  });
});
