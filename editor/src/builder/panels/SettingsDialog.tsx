import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FlowSettings, type FlowDocument } from '@parley/shared';
import { updateDocument, useFlowStore } from '../store/flowStore';
import { CheckboxField, ErrorsProvider, NumberField, SelectField, TextArea, TextField, pathKey } from '../forms/fields';
import { Modal } from '../app/ui';
import { useSchemaMessage } from '../i18n/schemaMessages';
import { ChannelsPanel } from '../channels/ChannelsPanel';
import { GoalsPanel } from '../goals/GoalsPanel';

type Widget = FlowDocument['settings']['widget'];

type SettingsTab = 'general' | 'channels' | 'goals';

/**
 * The bot's language and how its widget looks and greets. Edited as a draft and applied only when it passes
 * FlowSettings, because the server refuses to save a document whose settings do not. With a bot id, a second tab
 * holds the bot's messaging channels, which are saved on the server one by one rather than with the draft.
 */
export function SettingsDialog({ botId, onClose }: { botId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const translate = useSchemaMessage();
  const doc = useFlowStore((s) => s.doc);
  const [locale, setLocaleDraft] = useState<'en' | 'ko'>(doc?.locale ?? 'en');
  const [widget, setWidget] = useState<Widget>(() => doc?.settings.widget ?? FlowSettings.parse({}).widget);
  const [tab, setTab] = useState<SettingsTab>('general');
  // Mounted on first visit and kept, so switching tabs loses neither a channel form being typed nor the widget draft.
  const [channelsVisited, setChannelsVisited] = useState(false);
  const [goalsVisited, setGoalsVisited] = useState(false);
  const [touched, setTouched] = useState(false);
  const setLocale = (l: 'en' | 'ko') => {
    setTouched(true);
    setLocaleDraft(l);
  };
  const set = (patch: Partial<Widget>) => {
    setTouched(true);
    setWidget((w) => ({ ...w, ...patch }));
  };
  const setProactive = (patch: Partial<Widget['proactive']>) => {
    setTouched(true);
    setWidget((w) => ({ ...w, proactive: { ...w.proactive, ...patch } }));
  };
  const openTab = (next: SettingsTab) => {
    setTab(next);
    if (next === 'channels') setChannelsVisited(true);
    if (next === 'goals') setGoalsVisited(true);
  };

  const parsed = useMemo(() => FlowSettings.safeParse({ widget }), [widget]);
  const errors = useMemo(() => {
    const byPath = new Map<string, string[]>();
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const key = pathKey(issue.path.slice(1).map((p) => (typeof p === 'symbol' ? String(p) : p)));
        byPath.set(key, [...(byPath.get(key) ?? []), translate(issue.message)]);
      }
    return { byPath };
  }, [parsed, translate]);

  const apply = () => {
    if (!parsed.success) return;
    updateDocument({ locale, settings: parsed.data });
    onClose();
  };
  const validColor = /^#[0-9a-fA-F]{6}$/.test(widget.color);

  return (
    <Modal
      title={t('settings.title')}
      onClose={onClose}
      actions={
        // Channels and goals save themselves: there only an unapplied widget draft still needs Apply.
        tab !== 'general' && !touched ? (
          <button type="button" className="btn btn--primary" onClick={onClose}>
            {t('app.close')}
          </button>
        ) : (
          <>
            <button type="button" className="btn btn--ghost" onClick={onClose}>
              {t('app.cancel')}
            </button>
            <button type="button" className="btn btn--primary" disabled={!parsed.success} onClick={apply}>
              {t('settings.apply')}
            </button>
          </>
        )
      }
    >
      {botId && <SettingsTabs label={t('settings.title')} tab={tab} onTab={openTab} labels={{ general: t('channels.generalTab'), channels: t('channels.title'), goals: t('goals.title') }} />}
      <form
        id="settings-form"
        className="settings"
        hidden={tab !== 'general'}
        {...(botId ? { role: 'tabpanel', 'aria-labelledby': 'settings-tab-general' } : {})}
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <ErrorsProvider value={errors}>
          <SelectField
            label={t('settings.locale')}
            path={['locale']}
            hint={t('settings.localeHint')}
            value={locale}
            options={[
              { value: 'en', label: t('locales.en') },
              { value: 'ko', label: t('locales.ko') },
            ]}
            onChange={setLocale}
          />
          <fieldset className="list">
            <legend className="list__label">{t('settings.widget')}</legend>
            <div className="field-row">
              <div className="field">
                <span className="field__label" id="settings-color">
                  {t('settings.color')}
                </span>
                <div className="color-field">
                  <input
                    type="color"
                    aria-labelledby="settings-color"
                    value={validColor ? widget.color : '#1f6feb'}
                    onChange={(e) => set({ color: e.target.value })}
                  />
                  <input className="input mono" aria-label={`${t('settings.color')} (hex)`} value={widget.color} maxLength={7} onChange={(e) => set({ color: e.target.value })} />
                </div>
                {errors.byPath.get('color') && <p className="field__error">{errors.byPath.get('color')!.join(' · ')}</p>}
              </div>
              <SelectField
                label={t('settings.position')}
                path={['position']}
                value={widget.position}
                options={[
                  { value: 'right', label: t('settings.right') },
                  { value: 'left', label: t('settings.left') },
                ]}
                onChange={(position) => set({ position })}
              />
            </div>
            <TextField label={t('settings.logoUrl')} type="url" path={['logoUrl']} optional value={widget.logoUrl} onChange={(logoUrl) => set({ logoUrl: logoUrl.slice(0, 2000) })} />
            <TextField label={t('settings.greeting')} path={['greeting']} optional value={widget.greeting} onChange={(greeting) => set({ greeting: greeting.slice(0, 200) })} />
          </fieldset>
          <fieldset className="list">
            <legend className="list__label">{t('settings.proactive')}</legend>
            <CheckboxField label={t('settings.proactiveEnabled')} path={['proactive', 'enabled']} checked={widget.proactive.enabled} onChange={(enabled) => setProactive({ enabled })} />
            {widget.proactive.enabled && (
              <>
                <div className="field-row">
                  <TextField
                    label={t('settings.urlContains')}
                    path={['proactive', 'urlContains']}
                    optional
                    value={widget.proactive.urlContains}
                    onChange={(urlContains) => setProactive({ urlContains: urlContains.slice(0, 200) })}
                    placeholder="/checkout"
                  />
                  <NumberField
                    label={t('settings.afterSeconds')}
                    path={['proactive', 'afterSeconds']}
                    min={0}
                    max={3600}
                    value={widget.proactive.afterSeconds}
                    onChange={(v) => setProactive({ afterSeconds: v === undefined ? 0 : Math.round(v) })}
                  />
                </div>
                <TextArea label={t('settings.proactiveText')} path={['proactive', 'text']} rows={2} value={widget.proactive.text} onChange={(text) => setProactive({ text: text.slice(0, 500) })} />
              </>
            )}
          </fieldset>
        </ErrorsProvider>
      </form>
      {botId && (
        <div role="tabpanel" id="settings-panel-channels" aria-labelledby="settings-tab-channels" hidden={tab !== 'channels'}>
          {channelsVisited && <ChannelsPanel botId={botId} />}
        </div>
      )}
      {botId && (
        <div role="tabpanel" id="settings-panel-goals" aria-labelledby="settings-tab-goals" hidden={tab !== 'goals'}>
          {goalsVisited && <GoalsPanel botId={botId} />}
        </div>
      )}
    </Modal>
  );
}

/** The dialog's tabs: arrow keys move between them, as in the side panel. */
function SettingsTabs({ label, tab, onTab, labels }: { label: string; tab: SettingsTab; onTab: (tab: SettingsTab) => void; labels: Record<SettingsTab, ReactNode> }) {
  const tabs: SettingsTab[] = ['general', 'channels', 'goals'];
  return (
    <div className="tabs settings__tabs" role="tablist" aria-label={label}>
      {tabs.map((x, i) => (
        <button
          key={x}
          type="button"
          role="tab"
          id={`settings-tab-${x}`}
          aria-selected={tab === x}
          aria-controls={x === 'general' ? 'settings-form' : `settings-panel-${x}`}
          tabIndex={tab === x ? 0 : -1}
          className={`tab${tab === x ? ' is-active' : ''}`}
          onClick={() => onTab(x)}
          onKeyDown={(e) => {
            const next = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length] : undefined;
            if (next) {
              onTab(next);
              document.getElementById(`settings-tab-${next}`)?.focus();
            }
          }}
        >
          {labels[x]}
        </button>
      ))}
    </div>
  );
}
