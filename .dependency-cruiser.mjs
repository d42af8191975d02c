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
    {
      name: 'web-not-api',
      comment: 'The web app talks to the API over HTTP and shares only packages/contracts.',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^apps/api/' },
    },
    {
      name: 'packages-stand-alone',
      comment: 'Shared packages depend on no app and no infra.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^(apps|infra|delivery)/' },
    },
    {
      name: 'infra-not-app-code',
      comment: 'Infra reads shared data from packages/contracts, never the apps’ source.',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: '^apps/' },
    },
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
