module.exports = {
  displayName: 'tools',
  preset: '../jest.preset.cjs',
  rootDir: __dirname,
  // tools/bench is a project of its own (performance), with its own tests.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/bench/'],
};
