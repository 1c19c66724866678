/**
 * HTML escaped by construction: `html` escapes every interpolated value unless it is already
 * `Html` (the result of another `html`), so a renderer cannot forget to escape. Arrays are
 * joined; null, undefined and false render nothing.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function renderValue(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(renderValue).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i += 1) out += renderValue(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Trusted markup written in this code base (the stylesheet, an SVG built from `html` parts). */
export function trusted(text: string): Html {
  return new Html(text);
}
