import type { ComponentType } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { TFunction } from 'i18next';
import type { StepKind } from '@parley/shared';
import type { Data } from '../store/variables';

export interface FormProps {
  nodeId: string;
  data: Data;
  /** Merges into the node's data; `field` groups a run of keystrokes into one undo step. */
  update: (patch: Data, field?: string) => void;
}

export interface StepView {
  kind: StepKind;
  Node: ComponentType<NodeProps>;
  Form: ComponentType<FormProps>;
  /** One line describing the settings, for the node on the canvas. */
  summary: (data: Data, t: TFunction) => string;
}

/** Reads a field of data that may not have passed its schema yet. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const arr = <T = unknown>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const rec = (v: unknown): Data => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Data) : {});
