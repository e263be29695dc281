import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { teamApi, type ApiToken, type AuditEntry, type Person } from '../api/team';
import { adminApi, type Bot } from '../api/admin';
import { formatWhen } from '../app/ui';
import { ListState } from './ListState';
import { useLoad } from './useLoad';

interface Known {
  people: readonly Person[];
  tokens: readonly ApiToken[];
  bots: readonly Bot[];
}

interface Loaded extends Known {
  entries: AuditEntry[];
}

/** Who changed what, newest first, in words: ids are resolved to the names of people, tokens and bots that still exist. */
export function AuditLog() {
  const { t, i18n } = useTranslation();
  const load = useCallback(async (): Promise<Loaded> => {
    // Names only make the log easier to read; the log is still worth showing without them.
    const [entries, people, tokens, bots] = await Promise.all([
      teamApi.audit(),
      teamApi.people().catch(() => []),
      teamApi.tokens().catch(() => []),
      adminApi.listBots().catch(() => []),
    ]);
    return { entries: [...entries].sort((a, b) => b.id - a.id), people, tokens, bots };
  }, []);
  const { data, error, reload } = useLoad(load);

  return (
    <section className="team-section" aria-label={t('team.audit')}>
      <div className="team-section__head">
        <p className="muted">{t('audit.intro')}</p>
        <button type="button" className="btn btn--secondary" onClick={reload}>
          ↻ {t('audit.refresh')}
        </button>
      </div>
      <ListState
        error={error}
        failedText={t('audit.loadFailed', { message: error })}
        onRetry={reload}
        items={data?.entries ?? null}
        emptyText={t('audit.empty')}
      >
        {() =>
          data && (
            <div className="table-wrap card">
              <table className="table audit">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.when')}</th>
                    <th scope="col">{t('audit.who')}</th>
                    <th scope="col">{t('audit.what')}</th>
                    <th scope="col">{t('audit.details')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.entries.map((e) => {
                    const actor = describeActor(e.actor, data.people, t);
                    const details = describeDetails(e.detail, data, t);
                    return (
                      <tr key={e.id}>
                        <td className="table__muted audit__when">
                          <time dateTime={e.at}>{formatWhen(e.at, i18n.language)}</time>
                        </td>
                        <td>
                          <span className="audit__actor">{actor.name}</span>
                          {actor.sub && <span className="audit__sub">{actor.sub}</span>}
                        </td>
                        <td>
                          <span className="audit__action">{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</span>
                        </td>
                        <td>
                          {details.length > 0 && (
                            <dl className="kv">
                              {details.map((d) => (
                                <div key={d.key} className="kv__item">
                                  <dt>{d.label}</dt>
                                  <dd>{d.value}</dd>
                                </div>
                              ))}
                            </dl>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </ListState>
    </section>
  );
}

/** `user:ada@x.example`, `token:CI`, `bootstrap-admin`: the server's actor ids, as a person would say them. */
export function describeActor(actor: string, people: readonly Person[], t: TFunction): { name: string; sub?: string } {
  if (actor.startsWith('user:')) {
    const email = actor.slice(5);
    const person = people.find((p) => p.email.toLowerCase() === email.toLowerCase());
    return person ? { name: person.name, sub: email } : { name: email };
  }
  if (actor.startsWith('token:')) return { name: t('audit.actors.token', { name: actor.slice(6) }) };
  if (actor.startsWith('integration:')) return { name: t('audit.actors.integration', { name: actor.slice(12) }) };
  if (actor === 'system') return { name: t('audit.actors.system') };
  if (actor === 'bootstrap-admin') return { name: t('audit.actors.bootstrapAdmin') };
  if (actor === 'bootstrap-agent') return { name: t('audit.actors.bootstrapAgent') };
  return { name: actor };
}

export function describeDetails(detail: Record<string, unknown>, known: Known, t: TFunction): { key: string; label: string; value: string }[] {
  const out: { key: string; label: string; value: string }[] = [];
  for (const [key, raw] of Object.entries(detail ?? {})) {
    let value: string;
    if (key === 'userId') {
      const p = known.people.find((x) => x.id === raw);
      value = p ? `${p.name} (${p.email})` : t('audit.deletedPerson', { id: raw });
    } else if (key === 'tokenId') value = known.tokens.find((x) => x.id === raw)?.name ?? t('audit.unknownToken', { id: raw });
    else if (key === 'botId') {
      const b = known.bots.find((x) => x.id === raw);
      value = b ? `${b.name} (${b.id})` : String(raw);
    } else if (key === 'role' && (raw === 'admin' || raw === 'agent')) value = t(`team.roles.${raw}`);
    else if (key === 'changes' && Array.isArray(raw)) value = raw.map((c) => t(`audit.changes.${String(c)}`, { defaultValue: String(c) })).join(', ');
    else if (key === 'via') value = t(`audit.via.${String(raw)}`, { defaultValue: String(raw) });
    else value = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : JSON.stringify(raw);
    // The server records an email or name beside the id; once the id reads as that name, saying it twice is noise.
    if ((key === 'email' || key === 'name') && out.some((d) => d.value.includes(value))) continue;
    out.push({ key, label: t(`audit.fields.${key}`, { defaultValue: key }), value });
  }
  return out;
}
