/** A session cookie rides along on its own, so every write made with one must prove it came from our page. */
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const isUnsafe = (method: string) => UNSAFE.has(method.toUpperCase());

/** The header a request needs for the session's CSRF check: none for reads, nor when there is no session. */
export function csrfHeaders(method: string, csrf: string | null | undefined): Record<string, string> {
  return csrf && isUnsafe(method) ? { [CSRF_HEADER]: csrf } : {};
}
