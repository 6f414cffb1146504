module.exports = {
  displayName: 'performance',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
