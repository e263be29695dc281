import type { FlowDocument } from '@parley/shared';
import type { EditHistory } from './editHistory';
import type { FlowStateStore } from './flowState';
import { renameVariableInDoc } from './variables';

type Variable = FlowDocument['variables'][number];
type VariablePatch = { defaultValue?: string | undefined; description?: string | undefined };

export interface VariableCommands {
  /** Renames a variable everywhere the flow names it, as one undo step. */
  renameVariable(from: string, to: string): void;
  /** Declares a variable, or changes its default and description. */
  upsertVariable(name: string, patch: VariablePatch): void;
  removeVariable(name: string): void;
}

/** A declaration with only the fields that are set: an empty description means none. */
function cleanVariable(v: { name: string } & VariablePatch): Variable {
  const out: Variable = { name: v.name };
  if (v.defaultValue !== undefined) out.defaultValue = v.defaultValue;
  if (v.description) out.description = v.description;
  return out;
}

export function createVariableCommands(store: FlowStateStore, history: EditHistory): VariableCommands {
  const get = () => store.getState();
  const setDoc = (doc: FlowDocument) => history.record({ doc });
  return {
    renameVariable(from, to) {
      const { doc } = get();
      if (doc) setDoc(renameVariableInDoc(doc, from, to));
    },
    upsertVariable(name, patch) {
      const { doc } = get();
      if (!doc) return;
      const exists = doc.variables.some((v) => v.name === name);
      const variables = exists ? doc.variables.map((v) => (v.name === name ? cleanVariable({ ...v, ...patch }) : v)) : [...doc.variables, cleanVariable({ name, ...patch })];
      setDoc({ ...doc, variables });
    },
    removeVariable(name) {
      const { doc } = get();
      if (doc) setDoc({ ...doc, variables: doc.variables.filter((v) => v.name !== name) });
    },
  };
}
