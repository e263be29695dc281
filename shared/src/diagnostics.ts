/** A problem in a flow, pinned to what it concerns so the editor can show it on the right node or field. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  code: DiagnosticCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Where in the node (or document) the problem is: `['data', 'options', 0, 'label']`. */
  path: (string | number)[];
}

export type DiagnosticCode =
  | 'invalid-settings'
  | 'no-start'
  | 'multiple-starts'
  | 'duplicate-id'
  | 'dangling-outlet'
  | 'unknown-outlet'
  | 'outlet-used-twice'
  | 'edge-missing-node'
  | 'unreachable'
  | 'loop-without-wait'
  | 'unset-variable'
  | 'incomplete-settings'
  | 'too-many-steps';

export const hasErrors = (diagnostics: readonly Diagnostic[]) => diagnostics.some((d) => d.severity === 'error');
