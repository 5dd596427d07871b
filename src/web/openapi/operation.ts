import type { z } from 'zod';

/**
 * What the OpenAPI document says about one route beyond the route table's method, path, policy
 * and summary. Every schema here is a zod schema: request bodies are the very schemas the services
 * validate with, so the document cannot drift from what the route accepts.
 */
export interface OperationDoc {
  /** Longer description (Markdown); the route's `summary` stays the one-line title. */
  description?: string;
  /** Query parameters: a zod object whose properties are the parameters (descriptions via `.describe`). */
  query?: z.ZodObject;
  /** Request headers the route reads, as a zod object like `query`. */
  headers?: z.ZodObject;
  /** The JSON request body: the zod schema the service parses it with. */
  body?: z.ZodType;
  /**
   * The body is a batch (`parseBatch`): one item, `{"<batch>": [items]}` (1–10,000) or a bare array;
   * `body` is then the schema of one item.
   */
  batch?: string;
  /** The JSON body of the success answer; omitted for 204. */
  response?: z.ZodType;
  /** Success status: 200 unless said otherwise (201 created, 204 no content). */
  status?: 200 | 201 | 202 | 204;
  /** The route also answers `?format=csv` (sendReport). */
  csv?: boolean;
  /** Other success statuses answering the same `response` shape, with what each means. */
  alsoAnswers?: Record<number, string>;
  /** Error statuses (error envelope) besides the ones its policy, path and inputs imply, with why. */
  errors?: Record<number, string>;
}
