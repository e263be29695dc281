import type { z } from 'zod';
import { MAX_STEPS, type Flow, type FlowDocument, type StepNode } from './flow';
import { stepOf } from './steps';
import { LAST_MESSAGE } from './machine';
import type { Diagnostic } from './diagnostics';

/** Variables every conversation has without a step setting them. */
export const BUILTIN_VARIABLES = [LAST_MESSAGE, 'conversation_id', 'visitor_name', 'visitor_email', 'visitor_locale', 'visitor_page'] as const;

export interface Validation {
  diagnostics: Diagnostic[];
  /** The typed flow, with defaults applied, when every node passed its kind's schema. */
  flow: Flow | null;
}

function zodMessage(issue: z.core.$ZodIssue): string {
  return issue.message;
}

/** Every check the editor shows live and publishing enforces. Errors block publishing; warnings do not. */
export function validate(doc: FlowDocument): Validation {
  const diagnostics: Diagnostic[] = [];
  const nodes: StepNode[] = [];
  const seen = new Set<string>();

  if (doc.nodes.length > MAX_STEPS) {
    diagnostics.push({ severity: 'error', code: 'too-many-steps', path: ['nodes'], message: `A flow may have at most ${MAX_STEPS} steps; this one has ${doc.nodes.length}` });
  }

  for (const node of doc.nodes) {
    if (seen.has(node.id)) {
      diagnostics.push({ severity: 'error', code: 'duplicate-id', nodeId: node.id, path: ['id'], message: `Another step already has the id "${node.id}"` });
      continue;
    }
    seen.add(node.id);
    const parsed = stepOf(node.type).schema.safeParse(node.data);
    if (parsed.success) {
      nodes.push({ ...node, data: parsed.data } as StepNode);
      for (const w of stepOf(node.type).warnings?.(parsed.data) ?? []) {
        diagnostics.push({ severity: 'warning', code: 'incomplete-settings', nodeId: node.id, path: ['data', w.field], message: w.message });
      }
    } else {
      for (const issue of parsed.error.issues) {
        diagnostics.push({ severity: 'error', code: 'invalid-settings', nodeId: node.id, path: ['data', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: zodMessage(issue) });
      }
    }
  }

  const starts = doc.nodes.filter((n) => n.type === 'start');
  if (starts.length === 0) diagnostics.push({ severity: 'error', code: 'no-start', path: ['nodes'], message: 'Add a Start step: conversations begin there' });
  for (const extra of starts.slice(1)) {
    diagnostics.push({ severity: 'error', code: 'multiple-starts', nodeId: extra.id, path: [], message: 'A flow has exactly one Start step' });
  }

  const byId = new Map(nodes.map((n) => [n.id, n]));
  const outletsOf = new Map(nodes.map((n) => [n.id, stepOf(n.type).outlets(n.data)]));
  const edgeIds = new Set<string>();
  const used = new Map<string, string>();
  const successors = new Map<string, { target: string; outlet: string }[]>();

  for (const edge of doc.edges) {
    if (edgeIds.has(edge.id)) diagnostics.push({ severity: 'error', code: 'duplicate-id', edgeId: edge.id, path: ['edges'], message: `Another connection already has the id "${edge.id}"` });
    edgeIds.add(edge.id);
    const missing = [edge.source, edge.target].filter((id) => !seen.has(id));
    if (missing.length > 0) {
      diagnostics.push({ severity: 'error', code: 'edge-missing-node', edgeId: edge.id, path: ['edges'], message: `A connection points to a step that does not exist (${missing.join(', ')})` });
      continue;
    }
    const outlets = outletsOf.get(edge.source);
    if (outlets === undefined) continue; // the source's own settings are invalid and already reported
    if (!outlets.some((o) => o.id === edge.sourceHandle)) {
      diagnostics.push({ severity: 'error', code: 'unknown-outlet', nodeId: edge.source, edgeId: edge.id, path: ['outlets', edge.sourceHandle], message: `This step has no outlet "${edge.sourceHandle}" any more; remove the connection` });
      continue;
    }
    const key = `${edge.source}\u0000${edge.sourceHandle}`;
    if (used.has(key)) {
      diagnostics.push({ severity: 'error', code: 'outlet-used-twice', nodeId: edge.source, edgeId: edge.id, path: ['outlets', edge.sourceHandle], message: 'An outlet can lead to one step only' });
      continue;
    }
    used.set(key, edge.target);
    const list = successors.get(edge.source) ?? [];
    list.push({ target: edge.target, outlet: edge.sourceHandle });
    successors.set(edge.source, list);
  }

  for (const node of nodes) {
    for (const outlet of outletsOf.get(node.id) ?? []) {
      if (!outlet.optional && !used.has(`${node.id}\u0000${outlet.id}`)) {
        diagnostics.push({ severity: 'error', code: 'dangling-outlet', nodeId: node.id, path: ['outlets', outlet.id], message: `Outlet "${outlet.label}" goes nowhere: connect it to a step` });
      }
    }
  }

  // Reachability from the start.
  const start = starts[0];
  if (start) {
    const reached = new Set<string>([start.id]);
    const queue = [start.id];
    while (queue.length > 0) {
      for (const s of successors.get(queue.pop()!) ?? []) {
        if (!reached.has(s.target)) {
          reached.add(s.target);
          queue.push(s.target);
        }
      }
    }
    for (const node of doc.nodes) {
      if (!reached.has(node.id) && node.type !== 'start') {
        diagnostics.push({ severity: 'warning', code: 'unreachable', nodeId: node.id, path: [], message: 'No path from Start reaches this step' });
      }
    }
  }

  // Loops in which no step waits for the customer would run until the per-turn bound.
  const nonWaiting = new Map<string, string[]>();
  for (const node of nodes) {
    const def = stepOf(node.type);
    nonWaiting.set(node.id, (successors.get(node.id) ?? []).filter((s) => !def.waits(node.data, s.outlet) && byId.has(s.target)).map((s) => s.target));
  }
  for (const component of stronglyConnected(nonWaiting)) {
    const cyclic = component.length > 1 || (nonWaiting.get(component[0]!) ?? []).includes(component[0]!);
    if (!cyclic) continue;
    for (const id of component) {
      diagnostics.push({ severity: 'error', code: 'loop-without-wait', nodeId: id, path: [], message: 'This step is in a loop that never waits for the customer: add a question or options to the loop' });
    }
  }

  // Variables read but never set.
  const declared = new Set<string>(BUILTIN_VARIABLES);
  for (const v of doc.variables) if (v.defaultValue !== undefined) declared.add(v.name);
  for (const node of nodes) for (const w of stepOf(node.type).writes(node.data)) declared.add(w);
  for (const node of nodes) {
    for (const r of new Set(stepOf(node.type).reads(node.data))) {
      if (!declared.has(r)) {
        diagnostics.push({ severity: 'warning', code: 'unset-variable', nodeId: node.id, path: ['data'], message: `Variable "${r}" is read here but no step sets it` });
      }
    }
  }

  const valid = nodes.length === doc.nodes.length && !diagnostics.some((d) => d.code === 'duplicate-id');
  return { diagnostics, flow: valid ? { ...doc, nodes } : null };
}

/** Tarjan's algorithm, iterative so a 2,000-step flow cannot exhaust the stack. */
export function stronglyConnected(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];

  for (const root of graph.keys()) {
    if (indices.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    indices.set(root, index);
    low.set(root, index++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.id) ?? [];
      if (frame.next < edges.length) {
        const w = edges[frame.next++]!;
        if (!indices.has(w)) {
          indices.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push({ id: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, indices.get(w)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === indices.get(frame.id)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.id);
        result.push(component);
      }
    }
  }
  return result;
}
