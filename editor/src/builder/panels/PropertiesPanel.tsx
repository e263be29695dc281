import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { stepOf, type Diagnostic } from '@parley/shared';
import { deleteElements, nodeById, problemsByNode, updateNodeData, useFlowStore } from '../store/flowStore';
import { ErrorsProvider, pathKey, type FormErrors } from '../forms/fields';
import { stepViews } from '../steps';
import { StepIcon } from '../canvas/icons';
import { useSchemaMessage } from '../i18n/schemaMessages';
import { ConnectionsEditor } from './ConnectionsEditor';
import type { Data } from '../store/variables';

const NO_PROBLEMS: Diagnostic[] = [];

/** The selected step's settings, checked live against its kind's schema, with every message on the field it concerns. */
export function PropertiesPanel() {
  const { t } = useTranslation();
  const translate = useSchemaMessage();
  const count = useFlowStore((s) => s.selectedNodes.size);
  const selectedId = useFlowStore((s) => (s.selectedNodes.size === 1 ? ([...s.selectedNodes][0] ?? null) : null));
  const node = useFlowStore((s) => (selectedId ? nodeById(s.doc, selectedId) : undefined));
  // The cached per-node entry is stable between store changes; a fresh array here would re-render forever.
  const nodeProblems = useFlowStore((s) => (selectedId ? problemsByNode(s.diagnostics).get(selectedId) : undefined));
  const problems = useMemo(() => (nodeProblems ? nodeProblems.errors.concat(nodeProblems.warnings) : NO_PROBLEMS), [nodeProblems]);

  const { errors, general } = useMemo(() => {
    const byPath = new Map<string, string[]>();
    const general: Diagnostic[] = [];
    const add = (path: readonly (string | number)[], message: string) => {
      const key = pathKey(path);
      const list = byPath.get(key) ?? [];
      if (!list.includes(message)) list.push(message);
      byPath.set(key, list);
    };
    if (node) {
      const parsed = stepOf(node.type).schema.safeParse(node.data);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
          if (path.length === 0) general.push({ severity: 'error', code: 'invalid-settings', message: issue.message, path: ['data'] });
          else add(path, translate(issue.message));
        }
      }
    }
    // The schema's own issues come from the parse above, which is never behind what was just typed.
    for (const d of problems) {
      if (d.code === 'invalid-settings') continue;
      if (d.path[0] === 'data' && d.path.length > 1) add(d.path.slice(1), translate(d.message));
      else general.push(d);
    }
    return { errors: { byPath } satisfies FormErrors, general };
  }, [node, problems, translate]);

  if (!node) {
    return <p className="panel__empty">{count > 1 ? t('panel.multiSelection', { count }) : t('panel.noSelection')}</p>;
  }
  const view = stepViews[node.type];
  const update = (patch: Data, field?: string) => {
    const current = nodeById(useFlowStore.getState().doc, node.id);
    if (current) updateNodeData(node.id, { ...current.data, ...patch }, field);
  };
  return (
    <div className="props">
      <header className="props__head">
        <span className={`props__icon step-tone--${node.type}`}>
          <StepIcon kind={node.type} size={18} />
        </span>
        <div className="props__title">
          <h2>{t(`kinds.${node.type}`)}</h2>
          <p className="props__id">
            {t('panel.stepId')}: <code>{node.id}</code>
          </p>
        </div>
        <button type="button" className="btn btn--ghost btn--small btn--danger-text" onClick={() => deleteElements([node.id], [])}>
          {t('panel.deleteStep')}
        </button>
      </header>
      {general.length > 0 && (
        <section className="props__problems" aria-label={t('panel.graphProblems')}>
          <ul>
            {general.map((d, i) => (
              <li key={i} className={`problem problem--${d.severity}`}>
                <span className="problem__dot" aria-hidden="true" />
                <span className="sr-only">{d.severity === 'error' ? t('problems.error') : t('problems.warning')}: </span>
                {translate(d.message)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <form className="props__form" onSubmit={(e) => e.preventDefault()}>
        <ErrorsProvider value={errors}>
          <view.Form key={node.id} nodeId={node.id} data={node.data} update={update} />
        </ErrorsProvider>
      </form>
      <ConnectionsEditor node={node} />
    </div>
  );
}
