// The smoke suite against the stack deployed on the Kind cluster (`make test-cluster`), kept apart
// from the api's own tests by its suffix: `*.cluster-spec.ts` never runs in `nx test api`.
module.exports = {
  displayName: 'api-cluster',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['**/*.cluster-spec.ts'],
  testTimeout: 15_000,
};
