// The manifest checks: render k8s/simple and k8s/monitoring, validate them against the Kubernetes
// schemas and against the apps' code, run promtool on the alert rules, and compare the metrics the
// dashboards read with what the built apps export (the test target builds api and worker first).
// They start kubectl, promtool and the apps as processes, hence the timeout.
module.exports = {
  displayName: 'k8s',
  preset: '../jest.preset.cjs',
  rootDir: __dirname,
  testTimeout: 60_000,
};
