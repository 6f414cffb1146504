// Shared Jest settings: SWC compiles TypeScript with decorator metadata (Nest needs it),
// and the workspace path aliases resolve to library sources.
const { compilerOptions } = require('./tsconfig.base.json');
const { mkdirSync } = require('node:fs');
const path = require('node:path');

// `nx test <project>` writes its JSON report to reports/jest/<project>.json (nx.json), which Jest
// does not create: a lone run needs the folder as much as `make test` does.
mkdirSync(path.join(__dirname, 'reports/jest'), { recursive: true });

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/')}$`,
    path.join(__dirname, target),
  ]),
);

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true, tsx: true },
          transform: {
            legacyDecorator: true,
            decoratorMetadata: true,
            react: { runtime: 'automatic' },
          },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  moduleNameMapper,
  // *.browser-spec.ts drive Chromium (playwright-core with Debian's /usr/bin/chromium).
  testMatch: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.browser-spec.ts'],
  // Integration tests start processes and create databases and vhosts: a loaded machine needs
  // more than Jest's 5 s default for a hook.
  testTimeout: 30_000,
  clearMocks: true,
  restoreMocks: true,
};
