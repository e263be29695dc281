import type { ComponentType } from 'react';
import type { TFunction } from 'i18next';
import type { Outlet, StepKind } from '@parley/shared';
import type { Data } from '../store/variables';

export interface FormProps {
  nodeId: string;
  data: Data;
  /** Merges into the node's data; `field` groups a run of keystrokes into one undo step. */
  update: (patch: Data, field?: string) => void;
}

/** Everything the builder shows of a kind; the canvas, palette, map and panels read it from here, never from tables of their own. */
export interface StepView {
  kind: StepKind;
  /** Its colour on the flow map. */
  color: string;
  /** Its icon: one SVG path in a 20×20 box, stroked. */
  icon: string;
  /** An outlet's label on the node and in the connections panel: fixed outlets translated, the admin's own as written. */
  outletLabel: (outlet: Outlet, index: number, t: TFunction) => string;
  Form: ComponentType<FormProps>;
  /** One line describing the settings, for the node on the canvas. */
  summary: (data: Data, t: TFunction) => string;
}

/** Labels for a kind whose outlets the shared definition fixes: translation keys by outlet id; other outlets keep their own label. */
export function fixedOutletLabels(keys: Readonly<Record<string, string>>): StepView['outletLabel'] {
  return (outlet, _index, t) => {
    const key = keys[outlet.id];
    return key ? t(key) : outlet.label;
  };
}

/** Reads a field of data that may not have passed its schema yet. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const arr = <T = unknown>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const rec = (v: unknown): Data => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Data) : {});
