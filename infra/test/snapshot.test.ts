// Every template of both environments as a file snapshot: any infrastructure change shows up in review.
// Update deliberately with: npx vitest run -u (from infra/).
import { describe, expect, it } from 'vitest';
import { STACK_KEYS, synth } from './synth.js';

describe.each(['dev', 'prod'] as const)('%s templates', (env) => {
  it.each(STACK_KEYS)('%s', async (key) => {
    const json = JSON.stringify(synth(env).template(key).toJSON(), null, 2);
    expect(json).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    await expect(`${json}\n`).toMatchFileSnapshot(`__snapshots__/${env}/${key}.template.json`);
  });
});
