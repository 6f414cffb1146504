// The manifest checks: render k8s/simple, validate it against the Kubernetes schemas and against the
// apps' code. They start kubectl and the apps' schema printers as processes, hence the timeout.
module.exports = {
  displayName: 'k8s',
  preset: '../jest.preset.cjs',
  rootDir: __dirname,
  testTimeout: 60_000,
};
