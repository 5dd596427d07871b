import { openApiDocument } from '../openapi/document.js';
import type { RouteDef } from '../route.js';
import { routeTable } from '../routes.js';

/** GET /api/v1/openapi.json: the OpenAPI 3.1 description of every /api/v1 route and webhook. */
export const openapiApi: RouteDef[] = [
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    policy: 'api:read',
    summary: 'This API as an OpenAPI 3.1 document',
    handler: (_req, res, deps) =>
      res.json({ ...openApiDocument(() => routeTable), servers: [{ url: deps.config.baseUrl }] }),
  },
];
