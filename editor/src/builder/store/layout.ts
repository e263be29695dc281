import dagre from '@dagrejs/dagre';
import type { FlowDocument } from '@parley/shared';
import { DEFAULT_DIM, type Dim } from './flowState';

/** Top-to-bottom layered layout. Untouched nodes keep their identity so only moved nodes re-render. */
export function tidyLayout(doc: FlowDocument, dims: ReadonlyMap<string, Dim>): FlowDocument {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 50, ranksep: 70, edgesep: 20, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of doc.nodes) {
    const d = dims.get(n.id) ?? DEFAULT_DIM;
    g.setNode(n.id, { width: d.width, height: d.height });
  }
  const ids = new Set(doc.nodes.map((n) => n.id));
  for (const e of doc.edges) if (ids.has(e.source) && ids.has(e.target)) g.setEdge(e.source, e.target, {}, e.id);
  dagre.layout(g);
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      const p = g.node(n.id);
      if (!p) return n;
      const d = dims.get(n.id) ?? DEFAULT_DIM;
      // dagre gives centres; React Flow positions are top-left corners.
      const position = { x: Math.round(p.x - d.width / 2), y: Math.round(p.y - d.height / 2) };
      return position.x === n.position.x && position.y === n.position.y ? n : { ...n, position };
    }),
  };
}
