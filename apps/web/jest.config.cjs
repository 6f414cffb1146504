const { mkdirSync } = require('node:fs');
const { join } = require('node:path');

// The test target writes its JSON report there (nx.json); `make test` makes the folder, a lone
// `nx run web:test` needs it too.
mkdirSync(join(__dirname, '../../reports/jest'), { recursive: true });

module.exports = {
  displayName: 'web',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  // The browser tests start the whole platform per file and drive Chromium through it.
  testTimeout: 60_000,
};
