module.exports = {
  displayName: 'profile-domain',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
