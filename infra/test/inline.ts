// Loads an inline function's source as Lambda would: CommonJS, with Node's own modules at load time.
import { createRequire } from 'node:module';

export function loadInline<T>(source: string): T {
  const module = { exports: {} as T };
  new Function('exports', 'require', 'module', source)(
    module.exports,
    createRequire(import.meta.url),
    module,
  );
  return module.exports;
}
