module.exports = {
  displayName: 'cache',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
