import { memo, useId, useMemo, useRef } from 'react';
import { Handle, Position } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Outlet, StepKind } from '@parley/shared';
import { connectedOutlets, nodeById, outletsOf, problemsByNode, useFlowStore } from '../store/flowStore';
import { parseData, type Data } from '../store/variables';
import { StepIcon } from './icons';
import { stepViews } from '../steps';
import { useSchemaMessage } from '../i18n/schemaMessages';
import { StepBadge } from '../analytics/overlay/StepBadge';

const EMPTY: Data = {};

/** An outlet's label as its kind shows it. */
export function outletLabel(kind: StepKind, outlet: Outlet, index: number, t: TFunction): string {
  return stepViews[kind].outletLabel(outlet, index, t);
}

interface Props {
  id: string;
  kind: StepKind;
  selected: boolean;
}

/**
 * The body every kind's node shares. It reads its own node, problems and preview state from the store by id,
 * with shallow equality, so an edit to one step re-renders that step only.
 */
export const StepNodeView = memo(function StepNodeView({ id, kind, selected }: Props) {
  const { t } = useTranslation();
  const translate = useSchemaMessage();
  const tipId = useId();
  const view = useFlowStore(
    useShallow((s) => {
      const problems = problemsByNode(s.diagnostics).get(id);
      const list = problems ? [...problems.errors, ...problems.warnings] : [];
      return {
        data: nodeById(s.doc, id)?.data ?? EMPTY,
        current: s.previewNodeId === id,
        errors: problems?.errors.length ?? 0,
        warnings: problems?.warnings.length ?? 0,
        messages: list.map((d) => d.message).join('\n'),
        connected: s.doc ? [...(connectedOutlets(s.doc.edges).get(id) ?? [])].sort().join('\u0000') : '',
      };
    }),
  );
  const lastValid = useRef<Outlet[]>([]);
  const outlets = useMemo(() => {
    const valid = parseData(kind, view.data).ok;
    const list = outletsOf(kind, view.data);
    if (valid) lastValid.current = list;
    return valid || list.length > 0 ? list : lastValid.current;
  }, [kind, view.data]);
  const connected = useMemo(() => new Set(view.connected.split('\u0000')), [view.connected]);
  const kindLabel = t(`kinds.${kind}`);
  const text = stepViews[kind].summary(view.data, t);
  const severity = view.errors > 0 ? 'error' : view.warnings > 0 ? 'warning' : null;
  const count = view.errors > 0 ? t('node.errors', { count: view.errors }) : t('node.warnings', { count: view.warnings });
  const messages = view.messages ? view.messages.split('\n').map(translate) : [];

  return (
    <div
      className={`step-node step-node--${kind}${selected ? ' is-selected' : ''}${view.current ? ' is-current' : ''}${severity ? ` has-${severity}` : ''}`}
      data-testid={`step-${id}`}
    >
      {kind !== 'start' && <Handle type="target" position={Position.Top} className="step-node__target" aria-label={t('node.input', { kind: kindLabel })} />}
      <div className="step-node__head">
        <span className="step-node__icon">
          <StepIcon kind={kind} />
        </span>
        <span className="step-node__kind">{kindLabel}</span>
        {view.current && <span className="step-node__current">{t('node.current')}</span>}
        {severity && (
          <span className="step-node__badge-wrap">
            <button type="button" className={`step-node__badge step-node__badge--${severity} nodrag`} aria-label={`${count}: ${messages.join('; ')}`} aria-describedby={tipId}>
              {severity === 'error' ? '!' : '⚠'}
              <span className="step-node__badge-count">{view.errors + view.warnings}</span>
            </button>
            <span role="tooltip" id={tipId} className="step-node__tooltip">
              {messages.map((m, i) => (
                <span key={i} className="step-node__tooltip-line">
                  {m}
                </span>
              ))}
            </span>
          </span>
        )}
      </div>
      {kind !== 'start' && <p className={`step-node__summary${text ? '' : ' is-empty'}`}>{text || t('node.empty')}</p>}
      {outlets.length > 0 ? (
        <ul className="step-node__outlets">
          {outlets.map((o, i) => {
            const label = outletLabel(kind, o, i, t);
            const open = !connected.has(o.id);
            return (
              <li key={o.id} className={`step-node__outlet${open && !o.optional ? ' is-open' : ''}${o.optional ? ' is-optional' : ''}`}>
                <span className="step-node__outlet-label" title={label}>
                  {label}
                </span>
                <Handle type="source" position={Position.Right} id={o.id} className="step-node__handle" aria-label={t('node.outlet', { label })} />
              </li>
            );
          })}
        </ul>
      ) : (
        kind !== 'start' && <p className="step-node__final">{t('node.noOutlets')}</p>
      )}
      <StepBadge id={id} />
    </div>
  );
});
