// Physical names that do not collide with what an earlier stack of the same name left behind.
import { Fn, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * `<base>-<8 hex>`, the hex taken from the UUID in the stack's id: fixed for the life of the stack, new for
 * every creation. For resources kept on delete (RemovalPolicy.RETAIN) that must nonetheless be named.
 */
export function uniquePerCreation(scope: IConstruct, base: string): string {
  const uuid = Fn.select(2, Fn.split('/', Stack.of(scope).stackId));
  return `${base}-${Fn.select(0, Fn.split('-', uuid))}`;
}
