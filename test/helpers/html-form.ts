/** Undoes Handlebars' attribute and text escaping. */
export const unescapeHtml = (s: string): string =>
  s
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#x27;', "'")
    .replaceAll('&#x3D;', '=')
    .replaceAll('&#x60;', '`')
    .replaceAll('&amp;', '&');

const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescapeHtml(m[1]) : undefined;
};
const has = (tag: string, name: string) => new RegExp(`\\s${name}(\\s|>|=|$)`).test(tag);

/**
 * The fields a browser would send for the first `<form>` whose opening tag matches `match`, in
 * document order (ticked checkboxes only, selected options, textareas; buttons left out).
 */
export function formFields(html: string, match: RegExp): Array<[string, string]> {
  const start = [...html.matchAll(/<form\b[^>]*>/g)].find((m) => match.test(m[0]));
  if (!start) throw new Error(`no form matching ${match}`);
  const from = start.index + start[0].length;
  const body = html.slice(from, html.indexOf('</form>', from));
  const out: Array<[string, string]> = [];
  const controls = /<input\b[^>]*>|<textarea\b[^>]*>([\s\S]*?)<\/textarea>|<select\b[^>]*>([\s\S]*?)<\/select>/g;
  for (const m of body.matchAll(controls)) {
    const tag = /^<[^>]*>/.exec(m[0])![0];
    const name = attr(tag, 'name');
    if (!name || has(tag, 'disabled')) continue;
    if (tag.startsWith('<input')) {
      const type = attr(tag, 'type') ?? 'text';
      if ((type === 'checkbox' || type === 'radio') && !has(tag, 'checked')) continue;
      if (type === 'submit' || type === 'button') continue;
      out.push([name, attr(tag, 'value') ?? (type === 'checkbox' ? 'on' : '')]);
    } else if (tag.startsWith('<textarea')) {
      out.push([name, unescapeHtml(m[1] ?? '').replace(/^\n/, '')]);
    } else {
      const options = [...(m[2] ?? '').matchAll(/<option\b[^>]*>/g)].map((o) => o[0]);
      const chosen = options.find((o) => has(o, 'selected')) ?? options[0];
      if (chosen) out.push([name, attr(chosen, 'value') ?? '']);
    }
  }
  return out;
}

/** Fields as the record `postForm` takes (repeated names become lists); `set` replaces or adds fields. */
export function fieldsRecord(
  fields: Array<[string, string]>,
  set: Record<string, string | string[] | null> = {},
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of fields) {
    if (k in set) continue;
    const prev = out[k];
    out[k] = prev === undefined ? v : [prev, v].flat();
  }
  for (const [k, v] of Object.entries(set)) if (v !== null) out[k] = v;
  return out;
}
