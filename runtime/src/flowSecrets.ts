import { destinationOf, type FlowDocument } from '@parley/shared';
import { HttpError } from './http/errors';

/** What the editor sees instead of a secret header's value. Sending it back unchanged keeps the stored value. */
import { SECRET_MASK } from '@parley/shared';

export { SECRET_MASK };

type Header = { name: string; value: string; secret?: boolean };
type StepNode = FlowDocument['nodes'][number];

function headersOf(node: StepNode): Header[] | undefined {
  if (node.type !== 'apiCall') return undefined;
  const headers = (node.data as { headers?: unknown }).headers;
  return Array.isArray(headers) ? (headers as Header[]) : undefined;
}

const urlOf = (node: StepNode) => String((node.data as { url?: unknown }).url ?? '');

/** API keys stay on the server: every document that leaves it has secret header values masked. */
export function maskSecrets(doc: FlowDocument): FlowDocument {
  if (!doc.nodes.some((n) => headersOf(n)?.some((h) => h?.secret))) return doc;
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      const headers = headersOf(n);
      if (!headers?.some((h) => h?.secret)) return n;
      return { ...n, data: { ...n.data, headers: headers.map((h) => (h?.secret && h.value ? { ...h, value: SECRET_MASK } : h)) } };
    }),
  };
}

/**
 * Puts the stored values back where the editor returned the mask, matching by step and header name. A stored secret
 * goes only where it was saved to go: when the step's URL now points at another origin, the mask is refused (400) and
 * the admin must type the value again, so nobody can aim a saved API key at a server of their choosing.
 */
export function restoreSecrets(incoming: FlowDocument, stored: FlowDocument | undefined): FlowDocument {
  if (!incoming.nodes.some((n) => headersOf(n)?.some((h) => h?.value === SECRET_MASK))) return incoming;
  const storedNodes = new Map((stored?.nodes ?? []).map((n) => [n.id, n]));
  const moved: { nodeId: string; headers: string[]; from: string; to: string }[] = [];
  const nodes = incoming.nodes.map((n) => {
    const headers = headersOf(n);
    if (!headers?.some((h) => h?.value === SECRET_MASK)) return n;
    const before = storedNodes.get(n.id);
    const previous = (before && headersOf(before)) ?? [];
    const masked = headers.filter((h) => h?.value === SECRET_MASK && previous.some((p) => sameName(p, h) && p.secret && p.value));
    if (before && masked.length > 0) {
      const from = destinationOf(urlOf(before));
      const to = destinationOf(urlOf(n));
      if (from === null || from !== to) moved.push({ nodeId: n.id, headers: masked.map((h) => h.name), from: from ?? urlOf(before), to: to ?? urlOf(n) });
    }
    return {
      ...n,
      data: { ...n.data, headers: headers.map((h) => (h?.value === SECRET_MASK ? { ...h, value: previous.find((p) => sameName(p, h) && p.secret)?.value ?? '' } : h)) },
    };
  });
  if (moved.length > 0) {
    const first = moved[0]!;
    throw new HttpError(
      400,
      'secret_destination_changed',
      `The API call step "${first.nodeId}" now sends to ${first.to}, but its secret header ${first.headers.map((h) => `"${h}"`).join(', ')} was saved for ${first.from}: enter the secret value again to send it there`,
      moved,
    );
  }
  return { ...incoming, nodes };
}

const sameName = (a: Header, b: Header) => a?.name?.toLowerCase() === b?.name?.toLowerCase();
