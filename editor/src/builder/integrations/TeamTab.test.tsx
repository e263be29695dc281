import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TeamPage, type TeamSection } from '../team/TeamPage';
import { fakeIntegrationsServer } from './fakeIntegrationsServer';

afterEach(() => vi.unstubAllGlobals());

const who = { via: 'session' as const, role: 'admin' as const, name: 'Ada Admin', userId: 1, csrf: 'c', token: null };

function Team({ start, onSection }: { start: TeamSection; onSection: (s: TeamSection) => void }) {
  const [section, setSection] = useState(start);
  return (
    <TeamPage
      who={who}
      section={section}
      onSection={(s) => {
        onSection(s);
        setSection(s);
      }}
      onNavigate={() => undefined}
      onSignOut={() => undefined}
      onSessionEnded={() => undefined}
    />
  );
}

describe('the Team page', () => {
  it('has an Integrations tab between API tokens and the audit log, reached with the arrow keys', async () => {
    const server = fakeIntegrationsServer();
    const onSection = vi.fn();
    render(<Team start="tokens" onSection={onSection} />);
    const user = userEvent.setup();
    const tabs = screen.getByRole('tablist', { name: 'Team sections' });
    expect(within(tabs).getAllByRole('tab').map((tab) => tab.textContent)).toStrictEqual(['People', 'API tokens', 'Integrations', 'Audit log']);
    within(tabs).getByRole('tab', { name: 'API tokens' }).focus();
    await user.keyboard('{ArrowRight}');
    expect(onSection).toHaveBeenLastCalledWith('integrations');
    const tab = within(tabs).getByRole('tab', { name: 'Integrations' });
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tab);
    const panel = screen.getByRole('tabpanel', { name: 'Integrations' });
    expect(await within(panel).findByText('No integrations yet.')).toBeTruthy();
    expect(within(panel).getByRole('region', { name: 'Webhooks' })).toBeTruthy();
    expect(document.title).toBe('Integrations · Team — Parley');
    expect(server.problems).toStrictEqual([]);
  });
});
