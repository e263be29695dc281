import type { NodeProps, NodeTypes } from '@xyflow/react';
import { stepKinds, type StepKind } from '@parley/shared';
import { StepNodeView } from './StepNodeView';

function nodeOf(kind: StepKind) {
  return function StepNode({ id, selected }: NodeProps) {
    return <StepNodeView id={id} kind={kind} selected={!!selected} />;
  };
}

/** Every kind's node is the shared body, which reads the kind's own bits from the step registry. Stable at module level: React Flow re-mounts every node when this object changes. */
export const nodeTypes: NodeTypes = Object.fromEntries(stepKinds.map((kind) => [kind, nodeOf(kind)]));
