import Type from 'typebox';
import { ErrorBody } from '@medicare/contracts';

/** Error responses a route can give, for its schema (and so for the OpenAPI document). */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}

export const NoContent = Type.Null({ description: 'No content' });
