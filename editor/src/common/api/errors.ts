/** An error as a value: the server's code for programs, its sentence for people, and any details (zod issues). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /**
   * No answer from the server itself: offline, DNS, a timeout, or a proxy's 502/503/504 in its place. Worth retrying
   * when the network comes back, unlike an answer that says no.
   */
  get unreachable(): boolean {
    return this.status === 0 || (this.status >= 502 && this.status <= 504);
  }
}

type ErrorBody = { error?: { code?: string; message?: string; details?: unknown } };

/** Reads a response's JSON, or throws the server's error as an ApiError. A proxy's HTML page becomes a generic error. */
export async function readJson<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: only the status is known.
  }
  if (!response.ok) {
    const error = (json as ErrorBody | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? `The server answered ${response.status}`, error?.details);
  }
  return json as T;
}

/** The field a zod issue from the server is about (`["email"]` → `email`), so a form can show it beside that field. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return {};
  const out: Record<string, string> = {};
  for (const issue of err.details as { path?: unknown[]; message?: string }[]) {
    const key = issue.path?.[0];
    if (typeof key === 'string' && typeof issue.message === 'string' && !(key in out)) out[key] = issue.message;
  }
  return out;
}
