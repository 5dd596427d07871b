import { createRequire } from 'node:module';
import { z } from 'zod';
import { MAX_BATCH } from '../../batch.js';
import type { RouteDef } from '../route.js';
import type { OperationDoc } from './operation.js';
import { operationDocs } from './operations.js';
import { errorBody } from './responses.js';

type JsonSchema = Record<string, unknown>;
type Json = Record<string, unknown>;

const VERSION = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;

/** Routes the document describes: the JSON API and the inbound webhooks. */
export const isDocumentedRoute = (route: Pick<RouteDef, 'path'>): boolean =>
  route.path.startsWith('/api/v1/') || route.path.startsWith('/webhooks/');

/** `GET /api/v1/surveys/:key`: the key of a route in `operationDocs`. */
export const operationKey = (route: Pick<RouteDef, 'method' | 'path'>): string =>
  `${route.method.toUpperCase()} ${route.path}`;

/** `/api/v1/surveys/:key` → `/api/v1/surveys/{key}` */
export const openapiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

/** The documentation of a route: its own `openapi` field, else its entry in `operationDocs`. */
export const docOf = (route: RouteDef, docs: Record<string, OperationDoc> = operationDocs): OperationDoc | undefined =>
  route.openapi ?? docs[operationKey(route)];

/**
 * Converts zod schemas to JSON Schema 2020-12 (OpenAPI 3.1's dialect) with zod 4's own
 * `z.toJSONSchema`, hoisting named schemas (`.meta({ id })`) into `components.schemas`.
 */
class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      // Transforms and refinements keep their input/output shape; what JSON Schema cannot say
      // (a refine's rule) is left to the 422 the route answers.
      unrepresentable: 'any',
      override: caseInsensitivePatterns,
    }) as JsonSchema;
    const { $schema: _dialect, $defs, id, ...rest } = json;
    for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      this.components[name] = this.relink(def) as JsonSchema;
    }
    const body = this.relink(rest) as JsonSchema;
    if (typeof id === 'string') {
      this.components[id] = body;
      return { $ref: `#/components/schemas/${id}` };
    }
    return body;
  }

  /** `schema` converted and kept as `components.schemas[name]`; answers its `$ref`. */
  named(name: string, schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    this.components[name] ??= this.convert(schema, io);
    return { $ref: `#/components/schemas/${name}` };
  }

  private relink(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.relink(v));
    if (!value || typeof value !== 'object') return value;
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'id' && typeof v === 'string') continue;
      out[k] =
        k === '$ref' && typeof v === 'string' ? v.replace(/^#\/\$defs\//, '#/components/schemas/') : this.relink(v);
    }
    return out;
  }
}

/**
 * JSON Schema patterns have no flags: a zod regex with the `i` flag (e.g. team keys) would come out
 * stricter than the route. Letter ranges in such a pattern get their other case.
 */
function caseInsensitivePatterns(ctx: { zodSchema: unknown; jsonSchema: JsonSchema }): void {
  type Check = { _zod: { def: { format?: string; pattern?: unknown } } };
  const checks = (ctx.zodSchema as { _zod?: { def?: { checks?: Check[] } } })._zod?.def?.checks ?? [];
  for (const check of checks) {
    const re = check._zod.def.pattern;
    if (!(re instanceof RegExp) || !re.flags.includes('i') || ctx.jsonSchema.pattern !== re.source) continue;
    ctx.jsonSchema.pattern = re.source.replace(/a-z|A-Z/g, (range) => (range === 'a-z' ? 'a-zA-Z' : 'A-Za-z'));
  }
}

const pascal = (name: string): string => name.replace(/(^|[_-])(\w)/g, (_m, _sep, c: string) => c.toUpperCase());

const ACCESS: Record<RouteDef['policy'], string> = {
  public: 'Public (the route checks its own signature).',
  'api:admin': 'Admin token (GET also: an admin web session).',
  'api:ingest': 'Ingest or admin token.',
  'api:read': 'Viewer or admin token, or any logged-in web session (GET).',
  'page:viewer': 'Web session, viewer or above.',
  'page:analyst': 'Web session, analyst or above.',
  'page:admin': 'Web session, admin.',
};

function security(route: RouteDef): Json[] {
  if (route.policy === 'public')
    return route.path === '/webhooks/github'
      ? [{ githubSignature: [] }]
      : route.path === '/webhooks/gitlab'
        ? [{ gitlabToken: [] }]
        : [];
  const sessionMay = route.method === 'get' && (route.policy === 'api:read' || route.policy === 'api:admin');
  return sessionMay ? [{ bearerToken: [] }, { session: [] }] : [{ bearerToken: [] }];
}

const errorRef = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function parameters(route: RouteDef, doc: OperationDoc, convert: SchemaConverter): Json[] {
  const params: Json[] = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  for (const [where, object] of [
    ['header', doc.headers],
    ['query', doc.query],
  ] as const) {
    if (!object) continue;
    const json = convert.convert(object, 'input');
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((json.properties ?? {}) as Record<string, JsonSchema>)) {
      const { description, ...rest } = schema;
      params.push({ name, in: where, required: required.has(name), description, schema: rest });
    }
  }
  if (doc.csv) {
    params.push({
      name: 'format',
      in: 'query',
      required: false,
      description: '`csv`: the same content as CSV (a header row, one row per team, question, theme…)',
      schema: { type: 'string', enum: ['json', 'csv'] },
    });
  }
  return params;
}

function requestBody(doc: OperationDoc, convert: SchemaConverter): Json | undefined {
  if (!doc.body) return undefined;
  const item = doc.batch
    ? convert.named(`${pascal(doc.batch)}Item`, doc.body, 'input')
    : convert.convert(doc.body, 'input');
  const schema = doc.batch
    ? {
        description: `One item, {"${doc.batch}": [items]} or a bare array; at most ${MAX_BATCH.toLocaleString('en')} items. Any invalid item rejects the whole batch (422) and nothing is stored.`,
        anyOf: [
          item,
          {
            type: 'object',
            properties: { [doc.batch]: { type: 'array', items: item, minItems: 1, maxItems: MAX_BATCH } },
            required: [doc.batch],
          },
          { type: 'array', items: item, minItems: 1, maxItems: MAX_BATCH },
        ],
      }
    : item;
  return { required: true, content: { 'application/json': { schema } } };
}

function responses(route: RouteDef, doc: OperationDoc, convert: SchemaConverter): Json {
  const out: Json = {};
  const status = doc.status ?? 200;
  if (status === 204) out['204'] = { description: 'Done; no body' };
  else {
    const content: Json = {};
    if (doc.response) content['application/json'] = { schema: convert.convert(doc.response, 'output') };
    if (doc.csv) content['text/csv'] = { schema: { type: 'string' } };
    out[String(status)] = { description: route.summary ?? 'OK', content };
    for (const [code, description] of Object.entries(doc.alsoAnswers ?? {})) {
      out[code] = { description, content: { 'application/json': content['application/json'] } };
    }
  }
  if (doc.body) {
    out['400'] = errorRef('Malformed JSON');
    out['413'] = errorRef('Body over the size limit (CHORUS_BODY_LIMIT, default 10 MB)');
  }
  if (route.policy !== 'public') {
    out['401'] = errorRef('Missing or bad bearer token (or no session)');
    out['403'] = errorRef('The token or session lacks the role this route needs');
  }
  if (route.path.includes(':')) out['404'] = errorRef('Not found');
  if (doc.body || doc.query) out['422'] = errorRef('Invalid input; `details` names each field (and batch `index`)');
  if (route.path.startsWith('/api/')) out['429'] = errorRef('Too many requests with a bad token from this address');
  for (const [code, description] of Object.entries(doc.errors ?? {})) out[code] = errorRef(description);
  return out;
}

const tagOf = (path: string): string =>
  path.startsWith('/webhooks/') ? 'webhooks' : (path.split('/')[3] ?? 'api').replace(/\.json$/, '');

const operationId = (route: RouteDef): string =>
  `${route.method}_${route.path
    .replace(/^\/(api\/v1|webhooks)\//, (_m, root: string) => (root === 'webhooks' ? 'webhooks_' : ''))
    .replace(/[:.{}]/g, '')
    .replace(/[/-]/g, '_')}`;

/**
 * The OpenAPI 3.1 document of every /api/v1 route and webhook in `routes`. Paths come from the
 * route table itself; request bodies are the zod schemas the services validate with. A route
 * without documentation still appears (summary, access, parameters) and is listed in
 * `x-undocumented`, which the test requires to be empty.
 */
export function buildOpenApiDocument(routes: RouteDef[], docs: Record<string, OperationDoc> = operationDocs): Json {
  const convert = new SchemaConverter();
  convert.convert(errorBody, 'output');
  const paths: Record<string, Json> = {};
  const undocumented: string[] = [];
  for (const route of routes.filter(isDocumentedRoute)) {
    const doc = docOf(route, docs);
    if (!doc) undocumented.push(operationKey(route));
    const operation = doc ?? {};
    const description = [operation.description, `**Access:** ${ACCESS[route.policy]}`].filter(Boolean).join('\n\n');
    const params = parameters(route, operation, convert);
    const body = requestBody(operation, convert);
    (paths[openapiPath(route.path)] ??= {})[route.method] = {
      operationId: operationId(route),
      summary: route.summary ?? operationKey(route),
      description,
      tags: [tagOf(route.path)],
      'x-chorus-policy': route.policy,
      security: security(route),
      ...(params.length ? { parameters: params } : {}),
      ...(body ? { requestBody: body } : {}),
      responses: responses(route, operation, convert),
    };
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'Chorus API',
      version: VERSION,
      summary: 'Developer-experience surveys joined with DORA delivery metrics',
      description:
        'Field names are snake_case; times are ISO 8601 instants in UTC. Every 4xx/5xx JSON body is ' +
        '`{"error": {"code", "message", "details"}}`. Reports follow the privacy rules of docs/metrics.md. ' +
        'The full contract, with examples, is docs/api.md in the repository.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [
      ...new Set(
        Object.values(paths)
          .flatMap((p) => Object.values(p).map((o) => (o as Json).tags as string[]))
          .flat(),
      ),
    ]
      .sort()
      .map((name) => ({ name })),
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(convert.components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API token (`npm run chorus -- token create --role admin|ingest|viewer`, or CHORUS_API_TOKEN as admin).',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'chorus_session',
          description: 'The signed session cookie of a logged-in web user (GET routes only).',
        },
        githubSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Hub-Signature-256',
          description: '`sha256=` HMAC of the raw body with GITHUB_WEBHOOK_SECRET.',
        },
        gitlabToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Gitlab-Token',
          description: 'The secret token of the GitLab webhook, equal to GITLAB_WEBHOOK_SECRET.',
        },
      },
    },
    ...(undocumented.length ? { 'x-undocumented': undocumented } : {}),
  };
}

let cached: Json | undefined;

/** The document of the route table, built once per process (the table does not change at run time). */
export function openApiDocument(routes: () => RouteDef[]): Json {
  cached ??= buildOpenApiDocument(routes());
  return cached;
}
