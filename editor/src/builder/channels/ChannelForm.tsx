import { useId, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { ChannelName, ChannelView } from '@parley/shared';
import { ApiError } from '../../common/api/errors';
import { FormFailure, FormField, focusFirstProblem } from '../app/FormField';
import { apiErrorText } from '../i18n/apiErrorText';
import { CHANNEL_FIELDS, SECRET_MASK, fieldProblem, generateToken, initialValues, settingsBody, type ChannelField, type FormValues } from './channelFields';
import { channelsApi } from './channelsApi';

interface Props {
  botId: string;
  channel: ChannelName;
  /** The saved channel, or undefined while it is not set up. */
  view: ChannelView | undefined;
  onSaved: (view: ChannelView) => void;
  /** The form's values as they change, for the setup steps that quote one (Telegram's API base). */
  onValues?: (values: FormValues) => void;
}

/**
 * The server's 400 names each wrong field with the schema's own sentence: those go beside their fields. Only issues
 * about a field of this form count; anything else stays in the form-level message.
 */
function serverFieldErrors(err: unknown, channel: ChannelName): Record<string, string> {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return {};
  const keys = new Set(CHANNEL_FIELDS[channel].map((f) => f.key));
  const out: Record<string, string> = {};
  for (const issue of err.details as { path?: unknown[]; message?: unknown }[]) {
    const key = issue.path?.[0];
    if (typeof key === 'string' && keys.has(key) && typeof issue.message === 'string' && !(key in out)) out[key] = issue.message;
  }
  return out;
}

/** A channel's settings: secrets as password inputs holding the mask once saved, the rarely changed ones under "Advanced". */
export function ChannelForm({ botId, channel, view, onSaved, onValues }: Props) {
  const { t } = useTranslation();
  const formId = useId();
  const fields = CHANNEL_FIELDS[channel];
  const name = t(`channels.names.${channel}`);
  const [values, setValues] = useState<FormValues>(() => initialValues(channel, view?.settings));
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [advancedOpen, setAdvancedOpen] = useState(false);

  const idOf = (key: string) => `${formId}-${key}`;
  const problems: Record<string, string | null> = {};
  for (const f of fields) {
    const problem = tried ? fieldProblem(f, values[f.key] ?? '') : null;
    problems[f.key] = problem === 'missing' ? t('channels.missing') : problem === 'invalid' ? t(`channels.fields.${f.key}.invalid`, { example: f.defaultValue }) : (serverErrors[f.key] ?? null);
  }

  const change = (key: string, value: string) => {
    const next = { ...values, [key]: value };
    setValues(next);
    onValues?.(next);
    setStatus('');
    setServerErrors(({ [key]: _, ...rest }) => rest);
  };

  const save = async () => {
    setTried(true);
    setFailure(null);
    setServerErrors({});
    setStatus('');
    const local: Record<string, string | null> = {};
    for (const f of fields) local[f.key] = fieldProblem(f, values[f.key] ?? '');
    if (Object.values(local).some(Boolean)) {
      // Open the disclosure first: a field inside a hidden block cannot take focus.
      if (fields.some((f) => f.advanced && local[f.key])) flushSync(() => setAdvancedOpen(true));
      focusFirstProblem(local, idOf);
      return;
    }
    setSaving(true);
    try {
      const saved = await channelsApi.save(botId, channel, settingsBody(channel, values));
      const next = initialValues(channel, saved.settings);
      setValues(next);
      onValues?.(next);
      setTried(false);
      setStatus(t('channels.saved', { name }));
      onSaved(saved);
    } catch (err) {
      const byField = serverFieldErrors(err, channel);
      setServerErrors(byField);
      const messages = Object.values(byField);
      // The schema's sentences rather than the server's summary of them, which is zod's layout ("✖ … → at key").
      setFailure(messages.length > 0 ? messages.join(' ') : apiErrorText(err, t));
      if (fields.some((f) => f.advanced && byField[f.key])) setAdvancedOpen(true);
    } finally {
      setSaving(false);
    }
  };

  const input = (f: ChannelField) => (
    <ChannelInput
      key={f.key}
      id={idOf(f.key)}
      field={f}
      value={values[f.key] ?? ''}
      saved={f.secret && view?.settings[f.key] === SECRET_MASK}
      error={problems[f.key] ?? null}
      onChange={(v) => change(f.key, v)}
    />
  );
  const advanced = fields.filter((f) => f.advanced);

  return (
    <form
      className="channel__form"
      aria-label={t('channels.formLabel', { name })}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {fields.filter((f) => !f.advanced).map(input)}
      {advanced.length > 0 && (
        <div className="channel__advanced">
          <button type="button" className="btn btn--ghost btn--small" aria-expanded={advancedOpen} aria-controls={`${formId}-advanced`} onClick={() => setAdvancedOpen((o) => !o)}>
            {advancedOpen ? '▾' : '▸'} {t('channels.advanced')}
          </button>
          <div id={`${formId}-advanced`} hidden={!advancedOpen}>
            {advanced.map(input)}
          </div>
        </div>
      )}
      <FormFailure message={failure} />
      <div className="channel__actions">
        <button type="submit" className="btn btn--primary" disabled={saving} aria-busy={saving} aria-label={saving ? t('channels.saving') : t('channels.saveNamed', { name })}>
          {saving ? t('channels.saving') : t('channels.save')}
        </button>
        <span className="channel__saved" role="status">
          {status && `✓ ${status}`}
        </span>
      </div>
    </form>
  );
}

interface InputProps {
  id: string;
  field: ChannelField;
  value: string;
  /** A secret the server holds: the box shows the mask, which keeps it when sent back. */
  saved: boolean;
  error: string | null;
  onChange: (value: string) => void;
}

/** One setting. A secret's box holds only the mask or what the admin typed; its value is never shown as text. */
function ChannelInput({ id, field, value, saved, error, onChange }: InputProps) {
  const { t } = useTranslation();
  const [generated, setGenerated] = useState('');
  const label = (
    <>
      {t(`channels.fields.${field.key}.label`)}
      {field.optional && field.defaultValue === undefined && <span className="field__optional"> ({t('fields.optional')})</span>}
    </>
  );
  const hint = (
    <>
      {saved && value === SECRET_MASK ? `${t('channels.savedSecret')} ` : ''}
      {t(`channels.fields.${field.key}.hint`)}
      {field.defaultValue !== undefined ? ` ${t('channels.defaultValue', { value: field.defaultValue })}` : ''}
    </>
  );

  const generate = async () => {
    const token = generateToken();
    try {
      // The admin types it again on the platform's side, and a password box cannot be read back: the clipboard carries it.
      await navigator.clipboard.writeText(token);
      onChange(token);
      setGenerated(t('channels.generated'));
    } catch {
      setGenerated(t('channels.generateFailed'));
    }
  };

  return (
    <FormField id={id} label={label} hint={hint} error={error}>
      {(aria) =>
        field.secret ? (
          <>
            <div className="channel__secret">
              <input
                {...aria}
                className="input"
                type="password"
                // Not the admin's own password: keep password managers from filling it in or offering to save it.
                autoComplete="new-password"
                spellCheck={false}
                value={value}
                maxLength={1000}
                // The mask is a placeholder for the saved value: typing replaces it rather than adding to it.
                onFocus={(e) => e.currentTarget.value === SECRET_MASK && e.currentTarget.select()}
                onChange={(e) => {
                  const typed = e.target.value;
                  onChange(typed !== SECRET_MASK && typed.startsWith(SECRET_MASK) ? typed.slice(SECRET_MASK.length) : typed);
                  setGenerated('');
                }}
              />
              {saved && value !== SECRET_MASK && (
                <button type="button" className="btn btn--ghost btn--small" onClick={() => onChange(SECRET_MASK)}>
                  {t('channels.keepSaved')}
                  <span className="sr-only"> ({t(`channels.fields.${field.key}.label`)})</span>
                </button>
              )}
              {field.chosen && (
                <button type="button" className="btn btn--ghost btn--small" onClick={() => void generate()}>
                  {t('channels.generate')}
                  <span className="sr-only"> ({t(`channels.fields.${field.key}.label`)})</span>
                </button>
              )}
            </div>
            {field.chosen && (
              <p className="field__hint" role="status">
                {generated}
              </p>
            )}
          </>
        ) : (
          <input
            {...aria}
            className="input"
            type={field.key === 'apiBase' ? 'url' : 'text'}
            inputMode={field.key === 'phoneNumberId' ? 'numeric' : undefined}
            spellCheck={false}
            autoComplete="off"
            value={value}
            maxLength={1000}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </FormField>
  );
}
