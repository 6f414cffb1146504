module.exports = {
  displayName: 'web',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  // The browser tests start the whole platform per file and drive Chromium through it.
  testTimeout: 60_000,
};
