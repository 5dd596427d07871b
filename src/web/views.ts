import Handlebars from 'handlebars';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Response } from 'express';
import { humanLabel } from './labels.js';

const VIEWS_DIR = resolve(fileURLToPath(new URL('../../views', import.meta.url)));

/** JSON safe to embed in `<script type="application/json">`: escapes <, >, &, U+2028/9. */
function embedJson(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The one date format of every page: "3 Dec 2026" (UTC); '' for anything that is not a date. */
export function formatDate(value: unknown): string {
  if (typeof value !== 'string' && !(value instanceof Date)) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Registers the formatting helpers every template may use. */
function registerHelpers(hb: typeof Handlebars): void {
  const helpers: Record<string, Handlebars.HelperDelegate> = {
    // Exactly one value: a bare {{json}} would serialise the helper options, i.e. the whole page
    // context, and the output is only safe inside <script type="application/json">.
    json: (...args: unknown[]) => {
      if (args.length !== 2) throw new Error('the json helper takes exactly one value: {{json value}}');
      return new hb.SafeString(embedJson(args[0]));
    },
    eq: (a: unknown, b: unknown) => a === b,
    ne: (a: unknown, b: unknown) => a !== b,
    gt: (a: number, b: number) => a > b,
    lt: (a: number, b: number) => a < b,
    and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
    or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
    not: (v: unknown) => !v,
    isNull: (v: unknown) => v === null || v === undefined,
    /** 0.234 → "23%" (digits after the point optional). */
    pct: (v: unknown, digits?: unknown) =>
      isNum(v) ? `${(v * 100).toFixed(typeof digits === 'number' ? digits : 0)}%` : '–',
    /** Signed percentage points: -0.12 → "−12 pts". */
    pts: (v: unknown) => (isNum(v) ? `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v * 100).toFixed(0)} pts` : '–'),
    num: (v: unknown, digits?: unknown) =>
      isNum(v)
        ? v.toLocaleString('en-US', {
            maximumFractionDigits: typeof digits === 'number' ? digits : 1,
            minimumFractionDigits: 0,
          })
        : '–',
    money: (v: unknown) =>
      isNum(v) ? v.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }) : '–',
    date: formatDate,
    isoDate: (v: unknown) => (typeof v === 'string' ? v.slice(0, 10) : ''),
    /**
     * The last day a window `[from, to)` counts, inclusive, and never after today:
     * {{lastDay r.to @root.page.today}} → "29 Nov 2026".
     */
    lastDay: (to: unknown, today: unknown) => {
      const end = typeof to === 'string' ? Date.parse(to) - 1 : NaN;
      const now = typeof today === 'string' ? Date.parse(today) : Infinity;
      return Number.isNaN(end) ? '' : formatDate(new Date(Math.min(end, now)));
    },
    /** A key as people read it: {{labelOf "on_demand"}} → "On demand" (see labels.ts). */
    labelOf: (key: unknown) => humanLabel(key),
    /** Whether a list holds a value: {{#if (includes tiers.too_few "lead_time")}}. */
    includes: (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value),
    default: (v: unknown, fallback: unknown) => (v === null || v === undefined || v === '' ? fallback : v),
    plural: (n: number, one: string, many: string) => (n === 1 ? one : many),
    concat: (...args: unknown[]) => args.slice(0, -1).join(''),
    add: (a: number, b: number) => a + b,
    /** Query string with one parameter changed, for filter links: {{withQuery query "team" key}}. */
    withQuery: (query: Record<string, string> | undefined, key: string, value: unknown) => {
      const params = new URLSearchParams(query ?? {});
      if (typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'string' && value !== ''))
        params.set(key, String(value));
      else params.delete(key);
      const s = params.toString();
      return s ? `?${s}` : '?';
    },
  };
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : name.endsWith('.hbs') ? [full] : [];
  });
}

/** A Handlebars environment over views/: layouts/, partials/ and one folder per page family. */
export class Views {
  private readonly hb = Handlebars.create();
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();

  constructor(private readonly dir = VIEWS_DIR) {
    registerHelpers(this.hb);
    for (const file of walk(join(dir, 'partials'))) {
      const name = relative(join(dir, 'partials'), file)
        .replace(/\.hbs$/, '')
        .replace(/\\/g, '/');
      this.hb.registerPartial(name, readFileSync(file, 'utf8'));
    }
  }

  private template(name: string): Handlebars.TemplateDelegate {
    let t = this.cache.get(name);
    if (!t) {
      t = this.hb.compile(readFileSync(join(this.dir, `${name}.hbs`), 'utf8'), { strict: false });
      this.cache.set(name, t);
    }
    return t;
  }

  /** Renders `view` inside `layout` (null for none). */
  render(view: string, data: Record<string, unknown>, layout: string | null = 'layouts/main'): string {
    const body = this.template(view)(data);
    return layout ? this.template(layout)({ ...data, body: new this.hb.SafeString(body) }) : body;
  }
}

/** Renders a page with the shared layout context (user, demo flag, CSRF token, workspace). */
export function renderPage(
  res: Response,
  view: string,
  data: Record<string, unknown> = {},
  options: { status?: number; layout?: string | null } = {},
): void {
  const views = res.app.locals.views as Views;
  const page = {
    ...(res.locals.page as Record<string, unknown>),
    csrfToken: res.locals.csrfToken as string | undefined,
  };
  const html = views.render(view, { ...data, page }, options.layout === undefined ? 'layouts/main' : options.layout);
  res
    .status(options.status ?? 200)
    .type('html')
    .send(html);
}
