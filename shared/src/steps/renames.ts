/**
 * Renaming a variable inside a step's data. The editor renames in drafts, whose data may not have passed the
 * kind's schema yet, so every helper takes whatever is there, leaves what it does not recognise alone, and returns
 * the same object when nothing changed (the editor's store relies on identity to skip re-renders).
 */

export type RawData = Readonly<Record<string, unknown>>;

const isRecord = (v: unknown): v is RawData => typeof v === 'object' && v !== null && !Array.isArray(v);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function renameInStrings(value: unknown, pattern: RegExp, to: string): unknown {
  if (typeof value === 'string') return value.replace(pattern, `{{${to}}}`);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = renameInStrings(v, pattern, to);
      if (r !== v) changed = true;
      return r;
    });
    return changed ? out : value;
  }
  if (isRecord(value)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = renameInStrings(v, pattern, to);
      if (r !== v) changed = true;
      out[k] = r;
    }
    return changed ? out : value;
  }
  return value;
}

/** `{{from}}` becomes `{{to}}` in every string of the data: templates are the same in every kind. */
export function renameInTemplates(data: RawData, from: string, to: string): RawData {
  const pattern = new RegExp(`\\{\\{\\s*${escapeRegExp(from)}\\s*\\}\\}`, 'g');
  return renameInStrings(data, pattern, to) as RawData;
}

/** A field that holds one variable's bare name. */
export function renameField(data: RawData, key: string, from: string, to: string): RawData {
  return data[key] === from ? { ...data, [key]: to } : data;
}

/** A field that holds a list of bare names. */
export function renameInList(data: RawData, key: string, from: string, to: string): RawData {
  const list = data[key];
  return Array.isArray(list) && list.includes(from) ? { ...data, [key]: list.map((v: unknown) => (v === from ? to : v)) } : data;
}

/** A field that holds a list of items, each renamed by `rename` (which keeps an untouched item's identity). */
export function renameInItems(data: RawData, key: string, rename: (item: RawData) => RawData): RawData {
  const list = data[key];
  if (!Array.isArray(list)) return data;
  let changed = false;
  const out = list.map((item: unknown) => {
    if (!isRecord(item)) return item;
    const r = rename(item);
    if (r !== item) changed = true;
    return r;
  });
  return changed ? { ...data, [key]: out } : data;
}
