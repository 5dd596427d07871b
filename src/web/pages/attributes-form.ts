import type { Request } from 'express';
import { formBody } from '../request.js';

/** A person's attributes as the admin form shows them: one `key: value` per line, keys sorted. */
export function attributesText(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n');
}

/**
 * Reads the admin form's attributes box (`key: value` per line; blank lines ignored) into the
 * object the people service validates. A line without a colon or a key given twice is an error
 * naming its line; keys and values are checked by the service (422 on `attributes.<key>`).
 */
export function parseAttributesText(text: string): { attributes: Record<string, string> } | { error: string } {
  // No prototype: a line "__proto__: x" must become a key the service refuses, not a prototype.
  const attributes = Object.create(null) as Record<string, string>;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0)
      return { error: `Line ${i + 1}: write one attribute per line as "key: value", e.g. "role: backend"` };
    const key = line.slice(0, colon).trim();
    if (Object.hasOwn(attributes, key)) return { error: `Line ${i + 1}: "${key}" is given twice` };
    attributes[key] = line.slice(colon + 1);
  }
  return { attributes };
}

/** The message for the attributes box from the service's field errors (`attributes`, `attributes.<key>`). */
export function attributeError(errors: Record<string, string>): string | undefined {
  for (const [field, message] of Object.entries(errors)) {
    if (field === 'attributes') return message;
    if (field.startsWith('attributes.')) return `"${field.slice('attributes.'.length)}" ${message}`;
  }
  return undefined;
}

/** Every value a form sent under `name` (checkboxes): [] when none. */
export function formList(req: Request, name: string): string[] {
  const value = formBody(req)[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
