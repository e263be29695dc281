import { useDeferredValue, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowNode } from '@parley/shared';
import { focusNode, useFlowStore } from '../store/flowStore';
import { nodeTexts } from '../store/variables';
import { stepViews } from '../steps';
import { StepIcon } from './icons';

const MAX_RESULTS = 30;

interface Match {
  node: FlowNode;
  text: string;
}

/** Finds steps by their customer-facing texts (and id), and centres the canvas on the one picked. */
export function FindBox() {
  const { t } = useTranslation();
  const id = useId();
  const nodes = useFlowStore((s) => s.doc?.nodes);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const deferred = useDeferredValue(query);

  const matches = useMemo<Match[]>(() => {
    const q = deferred.trim().toLowerCase();
    if (!q || !nodes) return [];
    const out: Match[] = [];
    for (const node of nodes) {
      const texts = [...nodeTexts(node), stepViews[node.type].summary(node.data, t), node.id];
      const text = texts.find((s) => s.toLowerCase().includes(q));
      if (text !== undefined) out.push({ node, text });
      if (out.length >= MAX_RESULTS) break;
    }
    return out;
  }, [deferred, nodes, t]);

  const pick = (m: Match | undefined) => {
    if (!m) return;
    focusNode(m.node.id);
    setOpen(false);
  };

  const listId = `${id}-results`;
  const showList = open && query.trim() !== '';
  return (
    <div className="find" onBlur={(e) => !e.currentTarget.contains(e.relatedTarget) && setOpen(false)}>
      <svg className="find__icon" viewBox="0 0 20 20" width="15" height="15" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
        <circle cx="8.5" cy="8.5" r="5.5" />
        <path d="M13 13l4.5 4.5" />
      </svg>
      <input
        type="search"
        className="find__input"
        role="combobox"
        aria-label={t('find.label')}
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && matches[active] ? `${listId}-${active}` : undefined}
        placeholder={t('find.placeholder')}
        value={query}
        onFocus={() => setOpen(true)}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, matches.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            pick(matches[active]);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      {showList && (
        <ul className="find__results" id={listId} role="listbox" aria-label={t('find.label')}>
          {matches.length === 0 && <li className="find__none">{t('find.none')}</li>}
          {matches.map((m, i) => (
            <li
              key={m.node.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`find__result${i === active ? ' is-active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(m)}
            >
              <span className={`find__kind step-tone--${m.node.type}`}>
                <StepIcon kind={m.node.type} size={13} />
              </span>
              <span className="find__text">
                <span className="find__kind-label">{t(`kinds.${m.node.type}`)}</span>
                {m.text}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
