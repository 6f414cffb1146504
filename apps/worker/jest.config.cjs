module.exports = {
  displayName: 'worker',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
