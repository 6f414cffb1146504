module.exports = {
  displayName: 'service-core',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
