/**
 * The architecture's boundaries, checked by `npm run lint` (docs/decisions/080-module-boundaries.md).
 * - Feature modules (apps/api/src/modules/<f>/) meet only through each other's index.ts.
 * - No cycles: between modules, or anywhere else in the code.
 * - Dependencies point one way: apps and infra → packages; the web app never imports the API.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'module-internals',
      comment:
        'Another feature module is reached only through its index.ts (its public surface); its repository, ' +
        'service and routes are its own. Cross-cutting pieces belong in src/platform, src/lib or src/auth.',
      severity: 'error',
      from: { path: '^apps/api/src/modules/([^/]+)/' },
      to: {
        path: '^apps/api/src/modules/[^/]+/(?!index\\.ts$)',
        pathNot: '^apps/api/src/modules/$1/',
      },
    },
    {
      name: 'module-internals-outside',
      comment:
        'Code outside the feature modules uses a module through its index.ts only (tests may reach in).',
      severity: 'error',
      from: { path: '^apps/api/src/(?!modules/)' },
      to: { path: '^apps/api/src/modules/[^/]+/(?!index\\.ts$)' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle ties modules together so neither can change (or be split into a service) alone.',
      severity: 'error',
      from: { path: '^(apps|packages|infra|delivery)/' },
      to: { circular: true },
    },
    // Dependencies point one way: apps and infra → packages.
    ...[
      [
        'web-not-api',
        '^apps/web/src/',
        '^apps/api/',
        'The web app talks to the API over HTTP, sharing only contracts.',
      ],
      [
        'web-tests-through-api-test-support',
        '^apps/web/(test|e2e)/',
        '^apps/api/(?!test/support/)',
        'Web page and browser tests start the real API only through its own test support (buildApp on PGlite).',
      ],
      ['packages-stand-alone', '^packages/', '^(apps|infra|delivery)/', 'Shared packages depend on no app.'],
      ['infra-not-app-code', '^infra/', '^apps/', 'Infra reads shared data from packages, never app source.'],
    ].map(([name, from, to, comment]) => ({
      name,
      comment,
      severity: 'error',
      from: { path: from },
      to: { path: to },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|coverage|cdk\\.out)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@medicare/source', 'import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
