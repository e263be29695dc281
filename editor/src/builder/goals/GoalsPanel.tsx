import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../app/ui';
import { useLoad } from '../team/useLoad';
import { apiErrorText } from '../i18n/apiErrorText';
import { GoalForm } from './GoalForm';
import { goalsApi, type ConversionFiguresResponse, type Goal } from './goalsApi';
import './goals.css';

type Editing = { kind: 'new' } | { kind: 'edit'; goal: Goal } | null;
type Totals = ConversionFiguresResponse['goals'][number];

/**
 * A bot's conversion goals with their last 30 days' figures: what the site's `Parley('track', …)` calls, the SDK and
 * server integrations count. Goals are saved on the server one by one, not with the flow draft.
 */
export function GoalsPanel({ botId }: { botId: string }) {
  const { t, i18n } = useTranslation();
  const load = useCallback(async () => {
    const [goals, figures] = await Promise.all([goalsApi.list(botId), goalsApi.figures(botId)]);
    return { goals, totals: new Map(figures.goals.map((g) => [g.goalId, g])) };
  }, [botId]);
  const { data, setData, error, reload } = useLoad(load);
  const [editing, setEditing] = useState<Editing>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteFailure, setDeleteFailure] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const addRef = useRef<HTMLButtonElement>(null);
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });

  const closeForm = () => {
    setEditing(null);
    // Back to where the admin started, so the keyboard does not fall to the top of the page.
    requestAnimationFrame(() => addRef.current?.focus());
  };
  const saved = (goal: Goal) => {
    setData((d) => d && { ...d, goals: d.goals.some((g) => g.id === goal.id) ? d.goals.map((g) => (g.id === goal.id ? goal : g)) : [...d.goals, goal] });
    setStatus(t('goals.saved', { name: goal.name }));
    closeForm();
  };
  const remove = async (goal: Goal) => {
    setDeleting(true);
    setDeleteFailure(null);
    try {
      await goalsApi.remove(botId, goal.id);
      setData((d) => d && { ...d, goals: d.goals.filter((g) => g.id !== goal.id) });
      setConfirming(null);
      setStatus(t('goals.deleted', { name: goal.name }));
      requestAnimationFrame(() => addRef.current?.focus());
    } catch (err) {
      setDeleteFailure(apiErrorText(err, t));
    } finally {
      setDeleting(false);
    }
  };

  if (error)
    return (
      <div className="notice notice--error notice--row" role="alert">
        <span>{t('goals.loadFailed', { message: error })}</span>
        <button type="button" className="btn btn--ghost btn--small" onClick={reload}>
          {t('app.retry')}
        </button>
      </div>
    );
  if (data === null) return <Spinner label={t('goals.loading')} />;

  const totalsOf = (goal: Goal): Pick<Totals, 'count' | 'value'> => data.totals.get(goal.id) ?? { count: 0, value: 0 };
  return (
    <div className="goals">
      <p className="muted goals__intro">{t('goals.intro')}</p>
      <p className="muted goals__note">{t('goals.unverified')}</p>
      {data.goals.length === 0 ? (
        <p className="notice goals__empty">{t('goals.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table goals__table">
            <caption className="sr-only">{t('goals.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('goals.fields.name')}</th>
                <th scope="col">{t('goals.fields.event')}</th>
                <th scope="col">{t('goals.window')}</th>
                <th scope="col" className="goals__num">
                  {t('goals.conversions')}
                </th>
                <th scope="col" className="goals__num">
                  {t('goals.value')}
                </th>
                <th scope="col">
                  <span className="sr-only">{t('goals.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.goals.map((goal) => (
                <tr key={goal.id}>
                  <th scope="row">{goal.name}</th>
                  <td>
                    <code>{goal.event}</code>
                  </td>
                  <td>{t('goals.days', { count: goal.windowDays })}</td>
                  <td className="goals__num">{number.format(totalsOf(goal).count)}</td>
                  <td className="goals__num">{number.format(totalsOf(goal).value)}</td>
                  <td className="goals__actions">
                    {confirming === goal.id ? (
                      <span className="goals__confirm" role="group" aria-label={t('goals.confirmDelete', { name: goal.name })}>
                        <span>{t('goals.confirmDelete', { name: goal.name })}</span>
                        <button type="button" className="btn btn--danger btn--small" disabled={deleting} aria-busy={deleting} autoFocus onClick={() => void remove(goal)}>
                          {t('goals.delete')}
                        </button>
                        <button
                          type="button"
                          className="btn btn--ghost btn--small"
                          onClick={() => {
                            setConfirming(null);
                            setDeleteFailure(null);
                          }}
                        >
                          {t('app.cancel')}
                        </button>
                      </span>
                    ) : (
                      <>
                        <button type="button" className="btn btn--secondary btn--small" aria-label={t('goals.editNamed', { name: goal.name })} onClick={() => setEditing({ kind: 'edit', goal })}>
                          {t('goals.edit')}
                        </button>
                        <button
                          type="button"
                          className="btn btn--ghost btn--small"
                          aria-label={t('goals.deleteNamed', { name: goal.name })}
                          onClick={() => {
                            setConfirming(goal.id);
                            setDeleteFailure(null);
                          }}
                        >
                          {t('goals.delete')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deleteFailure && (
        <p className="notice notice--error" role="alert">
          {deleteFailure}
        </p>
      )}
      {editing ? (
        <GoalForm key={editing.kind === 'edit' ? editing.goal.id : 'new'} botId={botId} goal={editing.kind === 'edit' ? editing.goal : undefined} onSaved={saved} onCancel={closeForm} />
      ) : (
        <div>
          <button ref={addRef} type="button" className="btn btn--primary" onClick={() => setEditing({ kind: 'new' })}>
            {t('goals.add')}
          </button>
        </div>
      )}
      <p className="goals__status" role="status">
        {status && `✓ ${status}`}
      </p>
    </div>
  );
}
