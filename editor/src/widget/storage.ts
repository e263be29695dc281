/**
 * Web storage that never throws: embedded on someone else's page, storage may be disabled, full or partitioned,
 * and the chat must still work for the visit, just without memory.
 */
export interface Box {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

function box(pick: () => Storage): Box {
  const memory = new Map<string, string>();
  const area = (): Storage | undefined => {
    try {
      return pick();
    } catch {
      return undefined;
    }
  };
  return {
    get<T>(key: string): T | undefined {
      let raw: string | null | undefined;
      try {
        raw = area()?.getItem(key);
      } catch {
        raw = undefined;
      }
      raw ??= memory.get(key);
      if (raw == null) return undefined;
      try {
        return JSON.parse(raw) as T;
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      const raw = JSON.stringify(value);
      memory.set(key, raw);
      try {
        area()?.setItem(key, raw);
      } catch {
        // Quota or privacy mode: the in-memory copy carries this page view.
      }
    },
    remove(key) {
      memory.delete(key);
      try {
        area()?.removeItem(key);
      } catch {
        // as above
      }
    },
  };
}

export const local = box(() => window.localStorage);
export const session = box(() => window.sessionStorage);

export function randomId(): string {
  // randomUUID needs a secure context; a shop on plain http still gets a random id.
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
