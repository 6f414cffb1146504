module.exports = {
  displayName: 'tools',
  preset: '../jest.preset.cjs',
  rootDir: __dirname,
  // tools/bench (performance) and tools/faults (faults) are projects of their own, with their own tests.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/bench/', '<rootDir>/faults/'],
};
