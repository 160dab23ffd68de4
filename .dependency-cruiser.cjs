// Import rules, enforced by `npm run lint` and by the test command.
// - platform/ and db/ never import a feature module;
// - a module reaches another module only through that module's index.ts;
// - inside a module: routes → commands/queries → policy/schema/db; schema imports nothing of ours;
// - migrations are SQL and never import app code (nothing to check here).
module.exports = {
  forbidden: [
    {
      name: 'platform-not-to-modules',
      severity: 'error',
      comment: 'The platform is small and stable: it must not depend on feature modules.',
      from: { path: '^src/(platform|db)/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'module-via-index-only',
      severity: 'error',
      comment: "A module reaches another module only through that module's index.ts.",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/.+', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'schema-imports-nothing-of-ours',
      severity: 'error',
      comment: 'Schemas are the edge: they import only TypeBox.',
      from: { path: '^src/modules/[^/]+/[^/]+\\.schema\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'policy-is-pure',
      severity: 'error',
      comment: 'Policies are pure functions of (actor, resource): no database, no commands, no routes.',
      from: { path: '^src/modules/[^/]+/[^/]+\\.policy\\.ts$' },
      to: { path: '^src/(db/db\\.ts|modules/[^/]+/[^/]+\\.(commands|queries|routes)\\.ts)$' },
    },
    {
      name: 'queries-and-commands-not-to-routes',
      severity: 'error',
      comment: 'Imports flow one way: routes → commands/queries, never back.',
      from: { path: '^src/modules/[^/]+/[^/]+\\.(commands|queries|policy|schema)\\.ts$' },
      to: { path: '(\\.routes\\.ts$|/views/)' },
    },
    {
      name: 'queries-do-not-write',
      severity: 'error',
      comment: 'Queries read; writes live in commands.',
      from: { path: '^src/modules/[^/]+/[^/]+\\.queries\\.ts$' },
      to: { path: '\\.commands\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, pathNot: ['\\.tables\\.ts$', 'db/types\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
