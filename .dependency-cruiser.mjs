// The layering rule of docs/architecture.md, run by `npm run deps` (part of `npm run check`).
// Folders follow the data flow and arrows point down: routes → services → store / domain.
// Tests (*.test.ts) are left out: they may reach anything they exercise.

/** Top-level folders below every service: plain types, configuration, SQL. */
const FOUNDATION = '^src/(domain|config|store)/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-module-cycles',
      comment: 'A module cycle makes load order matter and hides which side owns the code.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Two folders that import each other are one folder in disguise: move the shared part down.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'api-is-the-top',
      comment:
        'Only the HTTP layer imports src/api/ (and main.ts, the composition root, which builds the app). ' +
        'A service that needs a type of the API moves that type to domain/.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/api/', '^src/main\\.ts$'] },
      to: { path: '^src/api/' },
    },
    {
      name: 'cli-is-the-top',
      comment: 'The CLI is an entry point: nothing but the CLI imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'main-is-the-root',
      comment: 'main.ts composes everything; only the CLI (the entry) imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/cli/', '^src/main\\.ts$'] },
      to: { path: '^src/main\\.ts$' },
    },
    {
      name: 'foundation-stays-below',
      comment: 'domain/, config/ and store/ import nothing above them (store may read domain and config).',
      severity: 'error',
      from: { path: FOUNDATION },
      to: { path: '^src/', pathNot: [FOUNDATION, '^src/log\\.ts$'] },
    },
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds plain types and pure rules: no database, no configuration.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'executors-never-touch-the-store',
      comment: "checks/ and assertions/ observe and judge; recording is the engine's job (design.md).",
      severity: 'error',
      from: { path: '^src/(checks|assertions)/' },
      to: { path: '^src/(store|engine|scheduler|slots|api|cli|monitors)/' },
    },
    {
      name: 'no-test-code-in-src',
      comment: 'Production code never imports test helpers or fakes.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^test/' },
    },
  ],
  options: {
    // Type-only imports count: a type is a dependency on its owner's folder too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
