import type { NextFunction, Request, Response } from 'express';
import { badRequest } from '../errors.js';

const MAX_JSON_DEPTH = 32;

/** Depth of a parsed JSON value, walked iteratively so hostile nesting cannot blow the stack. */
function jsonDepth(value: unknown, limit = Infinity): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) max = depth;
    if (max > limit) return max;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return max;
}

/** Rejects bodies nested deeper than MAX_JSON_DEPTH with 400. */
export function limitJsonDepth(req: Request, _res: Response, next: NextFunction) {
  if (req.body && typeof req.body === 'object' && jsonDepth(req.body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return next(badRequest(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`));
  }
  next();
}
