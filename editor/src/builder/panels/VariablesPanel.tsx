import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VariableName } from '@parley/shared';
import { focusNode, nodeById, removeVariable, renameVariable, upsertVariable, useFlowStore } from '../store/flowStore';
import { variableTable, type VariableInfo } from '../store/variables';
import { toast } from '../app/ui';
import { StepIcon } from '../canvas/icons';

function NodeChips({ ids }: { ids: string[] }) {
  const { t } = useTranslation();
  const doc = useFlowStore((s) => s.doc);
  return (
    <ul className="chips">
      {ids.map((id) => {
        const n = nodeById(doc, id);
        if (!n) return null;
        const label = `${t(`kinds.${n.type}`)} ${n.id}`;
        return (
          <li key={id}>
            <button type="button" className="chip" onClick={() => focusNode(id)} aria-label={t('variables.goTo', { step: label })}>
              <StepIcon kind={n.type} size={12} />
              <span>{t(`kinds.${n.type}`)}</span>
              <code>{n.id}</code>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function VariableRow({ v, names }: { v: VariableInfo; names: Set<string> }) {
  const { t } = useTranslation();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(v.name);
  const valid = VariableName.safeParse(name).success;
  const clash = name !== v.name && names.has(name);
  const error = !valid ? t('variables.invalidName') : clash ? t('variables.exists') : null;
  const submit = () => {
    if (error) return;
    const uses = v.readBy.length + v.writtenBy.length + (v.declared ? 1 : 0);
    renameVariable(v.name, name);
    setRenaming(false);
    toast(t('variables.renamed', { from: v.name, to: name, count: uses }), 'success');
  };
  return (
    <li className="var">
      <div className="var__head">
        {renaming ? (
          <form
            className="var__rename"
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <input
              className="input mono"
              aria-label={t('variables.renameTo', { name: v.name })}
              value={name}
              autoFocus
              aria-invalid={error !== null}
              onChange={(e) => setName(e.target.value)}
              onKeyDown={(e) => e.key === 'Escape' && (setRenaming(false), setName(v.name))}
            />
            <button type="submit" className="btn btn--primary btn--small" disabled={error !== null}>
              {t('variables.rename')}
            </button>
            <button type="button" className="btn btn--ghost btn--small" onClick={() => (setRenaming(false), setName(v.name))}>
              {t('app.cancel')}
            </button>
            {error && <p className="field__error">{error}</p>}
          </form>
        ) : (
          <>
            <code className="var__name">{`{{${v.name}}}`}</code>
            {v.builtin && <span className="pill">{t('variables.builtin')}</span>}
            {!v.builtin && !v.declared && <span className="pill pill--muted">{t('variables.undeclared')}</span>}
            <span className="var__actions">
              {!v.builtin && (
                <button type="button" className="btn btn--ghost btn--small" onClick={() => setRenaming(true)} aria-label={`${t('variables.rename')} ${v.name}`}>
                  {t('variables.rename')}
                </button>
              )}
              {!v.builtin && !v.declared && (
                <button type="button" className="btn btn--ghost btn--small" onClick={() => upsertVariable(v.name, {})} aria-label={`${t('variables.declare')} ${v.name}`}>
                  {t('variables.declare')}
                </button>
              )}
              {v.declared && (
                <button type="button" className="icon-btn icon-btn--danger" onClick={() => removeVariable(v.name)} aria-label={`${t('variables.remove')} ${v.name}`} title={t('variables.remove')}>
                  ×
                </button>
              )}
            </span>
          </>
        )}
      </div>
      {v.declared && (
        <div className="var__meta">
          <label className="var__field">
            <span>{t('variables.defaultValue')}</span>
            <input className="input input--small" value={v.defaultValue ?? ''} onChange={(e) => upsertVariable(v.name, { defaultValue: e.target.value === '' ? undefined : e.target.value })} />
          </label>
          <label className="var__field">
            <span>{t('variables.description')}</span>
            <input className="input input--small" value={v.description ?? ''} maxLength={200} onChange={(e) => upsertVariable(v.name, { description: e.target.value })} />
          </label>
        </div>
      )}
      {v.writtenBy.length > 0 && (
        <div className="var__uses">
          <span className="var__uses-label">{t('variables.writtenBy')}</span>
          <NodeChips ids={v.writtenBy} />
        </div>
      )}
      {v.readBy.length > 0 && (
        <div className="var__uses">
          <span className="var__uses-label">{t('variables.readBy')}</span>
          <NodeChips ids={v.readBy} />
        </div>
      )}
      {v.readBy.length === 0 && v.writtenBy.length === 0 && <p className="muted var__unused">{t('variables.unused')}</p>}
    </li>
  );
}

export function VariablesPanel() {
  const { t } = useTranslation();
  const doc = useFlowStore((s) => s.doc);
  const table = useMemo(() => (doc ? variableTable(doc) : []), [doc]);
  const names = useMemo(() => new Set(table.map((v) => v.name)), [table]);
  const [name, setName] = useState('');
  const valid = VariableName.safeParse(name).success;
  const error = name === '' ? null : !valid ? t('variables.invalidName') : names.has(name) ? t('variables.exists') : null;
  return (
    <div className="panel__section">
      <p className="muted">{t('variables.intro')}</p>
      <form
        className="var-create"
        onSubmit={(e) => {
          e.preventDefault();
          if (name && !error) {
            upsertVariable(name, {});
            setName('');
          }
        }}
      >
        <label className="sr-only" htmlFor="new-variable">
          {t('variables.add')}
        </label>
        <input id="new-variable" className="input mono" placeholder={t('variables.add')} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={error !== null} />
        <button type="submit" className="btn btn--primary btn--small" disabled={!name || error !== null}>
          {t('variables.create')}
        </button>
        {error && <p className="field__error">{error}</p>}
      </form>
      {table.length === 0 ? (
        <p className="muted">{t('variables.empty')}</p>
      ) : (
        <ul className="vars" aria-label={t('variables.title')}>
          {table.map((v) => (
            <VariableRow key={v.name} v={v} names={names} />
          ))}
        </ul>
      )}
    </div>
  );
}
