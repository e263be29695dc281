import type { Edge, FlowDocument, FlowNode } from '@parley/shared';
import type { EditHistory } from './editHistory';
import type { FlowStateStore } from './flowState';
import { newId } from './ids';
import type { Selection } from './selection';

export const CLIPBOARD_KEY = 'parley.clipboard';
/** Each paste of the same copy lands this much further down and right, so copies do not hide each other. */
export const PASTE_OFFSET = 40;

export interface ClipboardContent {
  kind: 'parley/steps';
  nodes: FlowNode[];
  edges: Edge[];
}

export interface Clipboard {
  /** Copies the selected steps and the connections among them. Returns how many steps were copied. */
  copySelection(): number;
  /** Pastes with fresh ids, offset from the originals, and selects what was pasted. Returns the new ids. */
  paste(): string[];
}

/**
 * Copies of `content` with fresh ids, moved by `offset`; connections follow the renamed steps and
 * connections to steps left behind are dropped. A flow has one start, so a copied start is skipped when `doc` has one.
 */
export function pastedCopy(content: ClipboardContent, doc: FlowDocument, offset: number): { nodes: FlowNode[]; edges: Edge[] } {
  const hasStart = doc.nodes.some((n) => n.type === 'start');
  const ids = new Map<string, string>();
  const nodes: FlowNode[] = [];
  for (const n of content.nodes) {
    if (n.type === 'start' && hasStart) continue;
    const id = newId('', 8);
    ids.set(n.id, id);
    nodes.push({ ...n, id, position: { x: n.position.x + offset, y: n.position.y + offset } });
  }
  const edges: Edge[] = [];
  for (const e of content.edges) {
    const source = ids.get(e.source);
    const target = ids.get(e.target);
    if (source && target) edges.push({ ...e, id: newId('e-', 8), source, target });
  }
  return { nodes, edges };
}

function isClipboardContent(value: unknown): value is ClipboardContent {
  const c = value as Partial<ClipboardContent> | null;
  return !!c && c.kind === 'parley/steps' && Array.isArray(c.nodes) && Array.isArray(c.edges);
}

/**
 * Copy and paste of steps through localStorage, so a copy pastes into another bot too.
 * `storage` is a getter because reaching localStorage itself throws where storage is blocked.
 */
export function createClipboard(store: FlowStateStore, history: EditHistory, selection: Selection, storage: () => Storage = () => localStorage): Clipboard {
  // How many times the current copy was pasted, for the offset of the next paste.
  let pasteCount = 0;

  function read(): ClipboardContent | null {
    try {
      const raw = storage().getItem(CLIPBOARD_KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      return isClipboardContent(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }

  return {
    copySelection() {
      const { doc, selectedNodes } = store.getState();
      if (!doc || selectedNodes.size === 0) return 0;
      const nodes = doc.nodes.filter((n) => selectedNodes.has(n.id));
      const edges = doc.edges.filter((e) => selectedNodes.has(e.source) && selectedNodes.has(e.target));
      const content: ClipboardContent = { kind: 'parley/steps', nodes, edges };
      try {
        storage().setItem(CLIPBOARD_KEY, JSON.stringify(content));
      } catch {
        return 0;
      }
      pasteCount = 0;
      return nodes.length;
    },
    paste() {
      const { doc } = store.getState();
      const content = read();
      if (!doc || !content) return [];
      const { nodes, edges } = pastedCopy(content, doc, PASTE_OFFSET * ++pasteCount);
      if (nodes.length === 0) return [];
      history.record({ doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] } });
      selection.setSelection(nodes.map((n) => n.id));
      return nodes.map((n) => n.id);
    },
  };
}
