import { z } from 'zod';
import { attributeKeyUpdate } from '../../attributes/attributes.schema.js';
import { listAttributeKeys, updateAttributeKeys, type AttributeKeyInfo } from '../../attributes/attributes.service.js';
import type { RouteDef } from '../route.js';

const attributeKeyList = z
  .object({
    attributes: z.array(
      z.object({
        key: z.string(),
        label: z.string().nullable(),
        reportable: z.boolean().describe('may filter (`segment=`) and break down (`by=`) survey reports'),
        derived: z.boolean().describe('true for `tenure`, computed from start dates at each response'),
        people: z.number().int().describe('people who carry the key now (tenure: who have a start date)'),
        distinct_values: z.number().int(),
        updated_at: z.string().nullable().describe('when the reportable flag was last set; null: never'),
      }),
    ),
  })
  .meta({ id: 'AttributeKeyList' });

const present = (keys: AttributeKeyInfo[]) => ({
  attributes: keys.map((k) => ({
    key: k.key,
    label: k.label,
    reportable: k.reportable,
    derived: k.derived,
    people: k.people,
    distinct_values: k.distinctValues,
    updated_at: k.updatedAt,
  })),
});

/** People attribute keys: which exist, and which may slice reports (admin). */
export const attributesApi: RouteDef[] = [
  {
    method: 'get',
    path: '/api/v1/attributes',
    policy: 'api:admin',
    summary: 'List attribute keys with their people, distinct values and reportable flag',
    handler: (_req, res, deps) => res.json(present(listAttributeKeys(deps))),
    openapi: {
      response: attributeKeyList,
      description: 'Every key seen on people or declared, plus the derived `tenure`.',
    },
  },
  {
    method: 'put',
    path: '/api/v1/attributes',
    policy: 'api:admin',
    summary: 'Declare which attribute keys may slice reports',
    handler: (req, res, deps) => res.json(present(updateAttributeKeys(deps, req.body))),
    openapi: {
      body: attributeKeyUpdate,
      batch: 'attributes',
      response: attributeKeyList,
      description:
        'Sets `reportable` (and optionally `label`) of each key given; keys not given are unchanged. ' +
        'All or nothing. Answers the whole list as `GET` does.',
    },
  },
];
