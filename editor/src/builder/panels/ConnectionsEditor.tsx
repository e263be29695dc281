import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowNode } from '@parley/shared';
import { connect, deleteElements, nodeById, outletsOf, useFlowStore } from '../store/flowStore';
import { outletLabel } from '../canvas/StepNodeView';
import { stepViews } from '../steps';

const NOT_CONNECTED = '';

/** One outlet's target as a select: the keyboard's way to connect steps, and quicker than dragging across a large flow. */
function TargetSelect({ source, outlet, label, optional }: { source: string; outlet: string; label: string; optional: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const edge = useFlowStore((s) => s.doc?.edges.find((e) => e.source === source && e.sourceHandle === outlet));
  const target = useFlowStore((s) => (edge ? nodeById(s.doc, edge.target) : undefined));
  // Listing every step only once the select is used keeps typing elsewhere cheap in a 2,000-step flow.
  const [open, setOpen] = useState(false);
  const nodes = useFlowStore((s) => (open ? s.doc?.nodes : undefined));
  const describe = (n: FlowNode) => {
    const text = stepViews[n.type].summary(n.data, t);
    return `${t(`kinds.${n.type}`)} · ${text ? (text.length > 48 ? `${text.slice(0, 47)}…` : text) : n.id}`;
  };
  const options = useMemo(() => (nodes ?? []).filter((n) => n.type !== 'start' && n.id !== target?.id), [nodes, target]);
  return (
    <div className="conn">
      <label htmlFor={id} className="conn__label" title={label}>
        {label}
      </label>
      <select
        id={id}
        className={`input input--small conn__select${edge || optional ? '' : ' is-open'}`}
        value={edge?.target ?? NOT_CONNECTED}
        onFocus={() => setOpen(true)}
        onMouseDown={() => setOpen(true)}
        onChange={(e) => {
          const value = e.target.value;
          if (value === NOT_CONNECTED) {
            if (edge) deleteElements([], [edge.id]);
          } else connect({ source, sourceHandle: outlet, target: value });
        }}
      >
        <option value={NOT_CONNECTED}>{t('panel.notConnected')}</option>
        {target && <option value={target.id}>{describe(target)}</option>}
        {options.map((n) => (
          <option key={n.id} value={n.id}>
            {describe(n)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ConnectionsEditor({ node }: { node: FlowNode }) {
  const { t } = useTranslation();
  const outlets = useMemo(() => outletsOf(node.type, node.data), [node.type, node.data]);
  if (outlets.length === 0) return null;
  return (
    <section className="conns" aria-labelledby={`conns-${node.id}`}>
      <h3 id={`conns-${node.id}`} className="conns__title">
        {t('panel.connections')}
      </h3>
      {outlets.map((o, i) => (
        <TargetSelect key={o.id} source={node.id} outlet={o.id} optional={o.optional === true} label={outletLabel(node.type, o, i, t)} />
      ))}
    </section>
  );
}
