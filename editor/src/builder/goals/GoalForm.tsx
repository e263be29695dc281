import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GOAL_WINDOW_MAX_DAYS } from '@parley/shared';
import { ApiError } from '../../common/api/errors';
import { FormFailure, FormField, focusFirstProblem } from '../app/FormField';
import { apiErrorText } from '../i18n/apiErrorText';
import { GOAL_FIELDS, goalBody, goalProblem, initialGoalValues, type GoalField, type GoalValues } from './goalFields';
import { goalsApi, type Goal } from './goalsApi';

interface Props {
  botId: string;
  /** The goal being edited; undefined for a new one. */
  goal?: Goal | undefined;
  onSaved: (goal: Goal) => void;
  onCancel: () => void;
}

/** The server's 400 names each wrong field with the schema's sentence; a 409 means the event is taken by another goal. */
function serverFieldErrors(err: unknown, duplicate: string): Partial<Record<GoalField, string>> {
  if (!(err instanceof ApiError)) return {};
  if (err.code === 'goal_exists') return { event: duplicate };
  if (!Array.isArray(err.details)) return {};
  const out: Partial<Record<GoalField, string>> = {};
  for (const issue of err.details as { path?: unknown[]; message?: unknown }[]) {
    const key = issue.path?.[0];
    if (typeof key === 'string' && (GOAL_FIELDS as string[]).includes(key) && typeof issue.message === 'string') out[key as GoalField] ??= issue.message;
  }
  return out;
}

/** A goal's name, the event that counts and its attribution window; Escape cancels without closing the settings. */
export function GoalForm({ botId, goal, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const formId = useId();
  const [values, setValues] = useState<GoalValues>(() => initialGoalValues(goal));
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [serverErrors, setServerErrors] = useState<Partial<Record<GoalField, string>>>({});
  const idOf = (field: string) => `${formId}-${field}`;

  const problemText = (field: GoalField): string | null => {
    const problem = tried ? goalProblem(field, values[field]) : null;
    return problem ? t(`goals.problems.${problem}`, { max: field === 'name' ? 80 : 64, days: GOAL_WINDOW_MAX_DAYS }) : (serverErrors[field] ?? null);
  };

  const change = (field: GoalField, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setServerErrors(({ [field]: _, ...rest }) => rest);
  };

  const save = async () => {
    setTried(true);
    setFailure(null);
    setServerErrors({});
    const local = Object.fromEntries(GOAL_FIELDS.map((f) => [f, goalProblem(f, values[f])]));
    if (Object.values(local).some(Boolean)) {
      focusFirstProblem(local, idOf);
      return;
    }
    setSaving(true);
    try {
      const body = goalBody(values, goal);
      const saved = goal ? await goalsApi.update(botId, goal.id, body) : await goalsApi.create(botId, { name: body.name!, event: body.event!, windowDays: body.windowDays! });
      onSaved(saved);
    } catch (err) {
      const byField = serverFieldErrors(err, t('goals.duplicate', { event: values.event }));
      setServerErrors(byField);
      const messages = Object.values(byField);
      setFailure(messages.length > 0 ? messages.join(' ') : apiErrorText(err, t));
      focusFirstProblem(byField, idOf);
    } finally {
      setSaving(false);
    }
  };

  const text = (field: 'name' | 'event', maxLength: number) => (
    <FormField id={idOf(field)} label={t(`goals.fields.${field}`)} hint={t(`goals.hints.${field}`)} error={problemText(field)}>
      {(aria) => (
        <input
          {...aria}
          className={`input${field === 'event' ? ' mono' : ''}`}
          value={values[field]}
          maxLength={maxLength + 20}
          spellCheck={false}
          autoComplete="off"
          autoFocus={field === 'name'}
          placeholder={field === 'event' ? 'purchase' : undefined}
          onChange={(e) => change(field, e.target.value)}
        />
      )}
    </FormField>
  );

  return (
    <form
      className="goal-form card"
      aria-label={goal ? t('goals.editNamed', { name: goal.name }) : t('goals.newGoal')}
      noValidate
      onKeyDown={(e) => {
        // Escape closes the form only; the settings dialog stays open.
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {text('name', 80)}
      {text('event', 64)}
      <FormField id={idOf('windowDays')} label={t('goals.fields.windowDays')} hint={t('goals.hints.windowDays', { days: GOAL_WINDOW_MAX_DAYS })} error={problemText('windowDays')}>
        {(aria) => (
          <input {...aria} className="input goal-form__days" type="number" inputMode="numeric" min={1} max={GOAL_WINDOW_MAX_DAYS} step={1} value={values.windowDays} onChange={(e) => change('windowDays', e.target.value)} />
        )}
      </FormField>
      <FormFailure message={failure} />
      <div className="goal-form__actions">
        <button type="submit" className="btn btn--primary" disabled={saving} aria-busy={saving}>
          {saving ? t('goals.saving') : goal ? t('goals.save') : t('goals.create')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onCancel}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}
