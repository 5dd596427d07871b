import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import type { Deps } from '../../src/deps.js';
import {
  buildOpenApiDocument,
  docOf,
  isDocumentedRoute,
  openapiPath,
  operationKey,
} from '../../src/web/openapi/document.js';
import { operationDocs } from '../../src/web/openapi/operations.js';
import { errorBody } from '../../src/web/openapi/responses.js';
import type { RouteDef } from '../../src/web/route.js';
import { routeTable } from '../../src/web/routes.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
  'x-undocumented'?: string[];
};

const documented = routeTable.filter(isDocumentedRoute);
const WEBHOOK_SECRET = 'openapi-test-webhook-secret';

async function validate(doc: unknown) {
  const validator = new Validator();
  // The validator keeps a reference and resolves refs in place: give it its own copy.
  return validator.validate(structuredClone(doc) as Record<string, unknown>);
}

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument(routeTable) as Doc;

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1\./);
  });

  it('the validator is real: a broken document fails', async () => {
    const broken = structuredClone(doc);
    broken.paths['/api/v1/teams'].get.responses['200'] = { content: 'not an object' };
    expect((await validate(broken)).valid).toBe(false);
  });

  it('covers every /api/v1 route and webhook of the route table', () => {
    expect(documented.length).toBeGreaterThan(40);
    const missing = documented.filter((r) => !doc.paths[openapiPath(r.path)]?.[r.method]).map(operationKey);
    expect(missing).toEqual([]);
    expect(doc.paths['/webhooks/github']?.post).toBeDefined();
    expect(doc.paths['/api/v1/openapi.json']?.get).toBeDefined();
  });

  it('has request and response schemas for every route (a new route without them fails here)', () => {
    const undocumented = documented.filter((r) => !docOf(r)).map(operationKey);
    expect(undocumented, 'add these to src/web/openapi/operations.ts').toEqual([]);
    expect(doc['x-undocumented']).toBeUndefined();
    for (const route of documented) {
      const op = doc.paths[openapiPath(route.path)][route.method];
      const d = docOf(route)!;
      if (d.body) expect(op.requestBody, `${operationKey(route)} request body`).toBeDefined();
      if (d.status !== 204) expect(d.response, `${operationKey(route)} response schema`).toBeDefined();
    }
  });

  it('documents no route that does not exist', () => {
    const keys = new Set(routeTable.map(operationKey));
    expect(Object.keys(operationDocs).filter((k) => !keys.has(k))).toEqual([]);
  });

  it('lists a route added without documentation as undocumented', () => {
    const extra: RouteDef = { method: 'get', path: '/api/v1/new-thing', policy: 'api:read', handler: () => undefined };
    const withExtra = buildOpenApiDocument([...routeTable, extra]) as Doc;
    expect(withExtra['x-undocumented']).toContain('GET /api/v1/new-thing');
    expect(withExtra.paths['/api/v1/new-thing'].get).toBeDefined();
  });

  it('uses the validation schemas of the routes: required fields and limits of a deployment', () => {
    const schemas = (doc as unknown as { components: { schemas: Record<string, Record<string, unknown>> } }).components
      .schemas;
    const body = doc.paths['/api/v1/deployments'].post.requestBody as {
      content: { 'application/json': { schema: { anyOf: Array<Record<string, unknown>> } } };
    };
    const [item, wrapped] = body.content['application/json'].schema.anyOf;
    expect(item).toEqual({ $ref: '#/components/schemas/DeploymentsItem' });
    const deployment = schemas.DeploymentsItem as {
      required: string[];
      properties: Record<string, Record<string, unknown>>;
    };
    expect(deployment.required).toEqual(['id', 'service', 'finished_at']);
    expect(deployment.properties.status.enum).toEqual(['success', 'failure', 'rolled_back']);
    expect((wrapped.properties as Record<string, { maxItems: number }>).deployments.maxItems).toBe(10_000);
    // Team keys are case-insensitive in zod (/…/i); the JSON Schema pattern must accept upper case too.
    const pattern = new RegExp(deployment.properties.team.pattern as string);
    expect(pattern.test('Payments-EU')).toBe(true);
    expect(pattern.test('-payments')).toBe(false);
  });
});

describe('GET /api/v1/openapi.json and the answers it describes', () => {
  let deps: Deps;
  let srv: TestServer;
  let admin: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    deps = makeDeps({ env: { GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET } });
    seedDemo(deps);
    srv = await startServer(deps, { rateLimits: false });
    admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  });
  afterAll(() => srv.close());

  it('is served to a viewer token, with the server URL, and refused without a token', async () => {
    const viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
    const res = await viewer.get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.servers).toEqual([{ url: deps.config.baseUrl }]);
    expect(Object.keys(res.json.paths)).toEqual(Object.keys(buildOpenApiDocument(routeTable).paths as object));
    expect((await validate(res.json)).valid).toBe(true);
    const anonymous = await apiClient(srv.base).get('/api/v1/openapi.json');
    expect(anonymous.status).toBe(401);
  });

  const published = buildOpenApiDocument(routeTable);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(published, 'openapi');
  /** A validator for the documented JSON answer of a route, refs resolved inside the document. */
  const validatePublished = (route: RouteDef) => {
    const pointer = ['paths', openapiPath(route.path), route.method, 'responses', String(docOf(route)?.status ?? 200)]
      .concat(['content', 'application/json', 'schema'])
      .map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    return ajv.compile({ $ref: `openapi#/${pointer}` });
  };

  function concretePath(route: RouteDef): string {
    let runId = '';
    if (route.path.includes(':id') && route.path.startsWith('/api/v1/runs')) {
      runId = String(deps.db.prepare('SELECT id FROM runs ORDER BY opens_at DESC LIMIT 1').pluck().get());
    }
    return route.path
      .replace(
        ':key',
        /\/(teams|delivery)\//.test(route.path)
          ? 'payments'
          : route.path.includes('/themes/')
            ? 'flaky_tests'
            : route.path.startsWith('/api/v1/metrics/')
              ? 'env_ready'
              : 'pulse',
      )
      .replace(':id', runId || '1');
  }

  it('every GET answer of a seeded workspace matches its documented response schema', async () => {
    const teams = routeTable.find((r) => r.method === 'get' && r.path === '/api/v1/teams')!;
    expect(validatePublished(teams)({ teams: [{ key: 'a', name: 'A', parent: null }] })).toBe(true);
    expect(validatePublished(teams)({ teams: [{ key: 'a', name: 7, parent: null }] })).toBe(false);
    const failures: string[] = [];
    for (const route of documented.filter((r) => r.method === 'get')) {
      const path = concretePath(route);
      const res = await admin.get(path);
      if (res.status !== 200) {
        failures.push(`${path}: status ${res.status}`);
        continue;
      }
      const schema = docOf(route)?.response;
      if (!schema) {
        failures.push(`${operationKey(route)}: no documented response schema`);
        continue;
      }
      const parsed = schema.safeParse(res.json);
      // The published JSON Schema, not only the zod schema it came from, must accept the answer.
      const published = validatePublished(route);
      if (!published(res.json))
        failures.push(`${path} (JSON Schema): ${JSON.stringify(published.errors?.slice(0, 3)).slice(0, 400)}`);
      if (!parsed.success)
        failures.push(`${path}: ${parsed.error.issues.map((i) => i.path.join('.') + ' ' + i.message).join('; ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('the GitHub webhook answers what its documentation says: 202 for an unused event, 401 unsigned', async () => {
    const route = routeTable.find((r) => r.method === 'post' && r.path === '/webhooks/github')!;
    const op = (buildOpenApiDocument(routeTable) as Doc).paths['/webhooks/github'].post;
    const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
    const signature = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;
    const headers = { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'd-1' };
    const signed = await fetch(`${srv.base}/webhooks/github`, {
      method: 'POST',
      body,
      headers: { ...headers, 'x-hub-signature-256': signature },
    });
    expect(signed.status).toBe(202);
    expect(op.responses['202']).toBeDefined();
    expect(docOf(route)!.response!.safeParse(await signed.json()).success).toBe(true);
    const unsigned = await fetch(`${srv.base}/webhooks/github`, { method: 'POST', body, headers });
    expect(unsigned.status).toBe(401);
    expect(op.responses['401']).toBeDefined();
    expect(errorBody.safeParse(await unsigned.json()).success).toBe(true);
  });

  it('every write route with a documented body answers a body that fails its schema with a documented 422', async () => {
    const failures: string[] = [];
    for (const route of documented.filter((r) => docOf(r)?.body && r.path.startsWith('/api/'))) {
      const path = concretePath(route);
      const res = await admin.raw(route.method.toUpperCase(), path, [1]);
      const op = buildOpenApiDocument(routeTable) as Doc;
      if (res.status !== 422 || !errorBody.safeParse(res.json).success || !res.json.error.details.length)
        failures.push(`${operationKey(route)}: ${res.status} ${res.text.slice(0, 120)}`);
      if (!op.paths[openapiPath(route.path)][route.method].responses['422'])
        failures.push(`${operationKey(route)}: 422 not documented`);
    }
    expect(failures).toEqual([]);
  });
});
