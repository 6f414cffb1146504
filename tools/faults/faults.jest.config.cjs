// Named apart from jest.config.cjs so that Nx infers no `test` target: the fault suite starts its
// own PostgreSQL, Redis and processes for minutes, and runs only through `make faults`.
// FAULTS_SCENARIOS=a,b runs those scenarios only (the names of src/<name>.faults-spec.ts).
const scenarios = (process.env.FAULTS_SCENARIOS ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);

module.exports = {
  displayName: 'faults',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch:
    scenarios.length > 0
      ? scenarios.map((name) => `<rootDir>/src/${name}.faults-spec.ts`)
      : ['<rootDir>/src/*.faults-spec.ts'],
  // A scenario runs a burst, a fault and a settling period: minutes on the long profile.
  testTimeout: 30 * 60_000,
};
