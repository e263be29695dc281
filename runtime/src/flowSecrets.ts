import type { FlowDocument } from '@parley/shared';

/** What the editor sees instead of a secret header's value. Sending it back unchanged keeps the stored value. */
export const SECRET_MASK = '••••••••';

type Header = { name: string; value: string; secret?: boolean };

function headersOf(node: FlowDocument['nodes'][number]): Header[] | undefined {
  if (node.type !== 'apiCall') return undefined;
  const headers = (node.data as { headers?: unknown }).headers;
  return Array.isArray(headers) ? (headers as Header[]) : undefined;
}

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

/** Puts the stored values back where the editor returned the mask, matching by step and header name. */
export function restoreSecrets(incoming: FlowDocument, stored: FlowDocument | undefined): FlowDocument {
  if (!incoming.nodes.some((n) => headersOf(n)?.some((h) => h?.value === SECRET_MASK))) return incoming;
  const storedNodes = new Map((stored?.nodes ?? []).map((n) => [n.id, n]));
  return {
    ...incoming,
    nodes: incoming.nodes.map((n) => {
      const headers = headersOf(n);
      if (!headers?.some((h) => h?.value === SECRET_MASK)) return n;
      const before = storedNodes.get(n.id);
      const previous = (before && headersOf(before)) ?? [];
      return {
        ...n,
        data: {
          ...n.data,
          headers: headers.map((h) => (h?.value === SECRET_MASK ? { ...h, value: previous.find((p) => p?.name?.toLowerCase() === h.name?.toLowerCase() && p.secret)?.value ?? '' } : h)),
        },
      };
    }),
  };
}
