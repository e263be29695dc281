/** `{{name}}` interpolation. Each output context escapes for itself, so values can never change the shape of what they land in. */
export type VarValue = string | number | boolean | null;
export type Vars = Readonly<Record<string, VarValue | undefined>>;

export type Escape = 'text' | 'url' | 'json';

const TEMPLATE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.matchAll(TEMPLATE)) names.add(m[1]!);
  return [...names];
}

function toText(value: VarValue | undefined): string {
  if (value === undefined || value === null) return '';
  return String(value);
}

/**
 * - `text`: plain text for messages; the widget and agent UI render it with textContent, so no HTML escaping is baked in
 *   (escaping here would show `&amp;` to a customer named "Tom & Jerry").
 * - `url`: each value percent-encoded, so a value cannot add a path segment or query parameter.
 * - `json`: each value as a JSON string literal without its quotes, so a value cannot close the string it sits in.
 */
export function renderTemplate(template: string, vars: Vars, escape: Escape = 'text'): string {
  return template.replace(TEMPLATE, (_m, name: string) => {
    const text = toText(vars[name]);
    if (escape === 'url') return encodeURIComponent(text);
    if (escape === 'json') return JSON.stringify(text).slice(1, -1);
    return text;
  });
}

/** For HTML contexts (the demo page, server-rendered snippets). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
