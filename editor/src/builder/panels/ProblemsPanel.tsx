import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Diagnostic } from '@parley/shared';
import { focusNode, nodeById, useFlowStore } from '../store/flowStore';
import { useSchemaMessage } from '../i18n/schemaMessages';
import { StepIcon } from '../canvas/icons';

/** Errors first, then warnings; clicking one selects and centres its step. */
export function ProblemsPanel() {
  const { t } = useTranslation();
  const translate = useSchemaMessage();
  const diagnostics = useFlowStore((s) => s.diagnostics);
  const doc = useFlowStore((s) => s.doc);
  const sorted = useMemo(() => [...diagnostics].sort((a, b) => Number(a.severity === 'warning') - Number(b.severity === 'warning')), [diagnostics]);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length === 0) {
    return (
      <div className="panel__section">
        <p className="notice notice--success">{t('problems.none')}</p>
      </div>
    );
  }
  const row = (d: Diagnostic, i: number) => {
    const node = d.nodeId ? nodeById(doc, d.nodeId) : undefined;
    const body = (
      <>
        <span className={`problem__sev problem__sev--${d.severity}`}>{d.severity === 'error' ? t('problems.error') : t('problems.warning')}</span>
        <span className="problem__where">
          {node ? (
            <>
              <StepIcon kind={node.type} size={12} /> {t(`kinds.${node.type}`)} <code>{node.id}</code>
            </>
          ) : (
            t('problems.flow')
          )}
        </span>
        <span className="problem__msg">{translate(d.message)}</span>
      </>
    );
    return (
      <li key={i}>
        {node ? (
          <button type="button" className={`problem-row problem-row--${d.severity}`} onClick={() => focusNode(node.id)}>
            {body}
          </button>
        ) : (
          <div className={`problem-row problem-row--${d.severity}`}>{body}</div>
        )}
      </li>
    );
  };
  return (
    <div className="panel__section">
      <p className="problems__summary">
        <span className="pill pill--error">{t('problems.errors', { count: errors })}</span>
        <span className="pill pill--warning">{t('problems.warnings', { count: warnings })}</span>
      </p>
      <ul className="problems" aria-label={t('problems.title')}>
        {sorted.map(row)}
      </ul>
    </div>
  );
}
