import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { stepKinds, type StepKind } from '@parley/shared';
import { DEFAULT_DIM, addStep, addStepAfter, focusNode, useFlowStore } from '../store/flowStore';
import { StepIcon } from './icons';
import { DRAG_MIME } from './Canvas';

/** Every kind, in shared's order; Start only while the flow has none, since a flow has exactly one. */
export function Palette() {
  const { t } = useTranslation();
  const rf = useReactFlow();
  const hasStart = useFlowStore((s) => s.doc?.nodes.some((n) => n.type === 'start') ?? false);
  const kinds = stepKinds.filter((k) => k !== 'start' || !hasStart);

  const add = (kind: StepKind) => {
    const { selectedNodes } = useFlowStore.getState();
    const after = selectedNodes.size === 1 ? [...selectedNodes][0] : undefined;
    let id = after && kind !== 'start' ? addStepAfter(kind, after) : null;
    if (!id) {
      const pane = document.querySelector('.canvas')?.getBoundingClientRect();
      const centre = pane ? rf.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 }) : { x: 0, y: 0 };
      id = addStep(kind, { x: Math.round(centre.x - DEFAULT_DIM.width / 2), y: Math.round(centre.y - DEFAULT_DIM.height / 2) });
    }
    if (id) focusNode(id);
  };

  return (
    <nav className="palette" aria-label={t('palette.title')}>
      <h2 className="palette__title">{t('palette.title')}</h2>
      <p className="palette__hint">{t('palette.hint')}</p>
      <ul className="palette__list">
        {kinds.map((kind) => (
          <li key={kind}>
            <button
              type="button"
              className="palette__item"
              draggable
              aria-label={t('palette.add', { kind: t(`kinds.${kind}`) })}
              title={t(`kindHints.${kind}`)}
              onDragStart={(e) => {
                e.dataTransfer.setData(DRAG_MIME, kind);
                e.dataTransfer.effectAllowed = 'copy';
              }}
              onClick={() => add(kind)}
            >
              <span className={`palette__icon step-tone--${kind}`}>
                <StepIcon kind={kind} />
              </span>
              <span className="palette__text">
                <span className="palette__label">{t(`kinds.${kind}`)}</span>
                <span className="palette__desc">{t(`kindHints.${kind}`)}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
