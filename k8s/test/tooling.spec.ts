import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './stack';

const dryRun = (target: string, ...variables: string[]) =>
  execFileSync('make', ['--no-print-directory', '-n', target, ...variables], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, IMAGE_TAG: 'test-tag' },
  });

describe('make start', () => {
  it('prints its steps in start order: cluster, images, secrets, then each component', () => {
    const lines = dryRun('start').trim().split('\n');
    const steps = [
      'tools/k8s/require.sh docker kind kubectl node host-ports',
      'tools/node/dependencies.sh',
      'tools/k8s/cluster.sh create',
      'npx nx run-many -t docker-build',
      'tools/k8s/load-images.sh',
      'tools/k8s/metrics-server.sh',
      'tools/k8s/deploy.sh namespace',
      'tools/k8s/secrets.sh',
      'tools/k8s/deploy.sh postgres',
      'tools/k8s/deploy.sh redis',
      'tools/k8s/deploy.sh rabbitmq',
      'tools/k8s/deploy.sh migrate',
      'tools/k8s/deploy.sh api',
      'tools/k8s/deploy.sh worker',
      'tools/k8s/deploy.sh web',
      'tools/k8s/access.sh',
    ];
    const positions = steps.map((step) => lines.findIndex((line) => line.includes(step)));
    expect(Object.fromEntries(steps.map((step, i) => [step, positions[i] >= 0]))).toEqual(
      Object.fromEntries(steps.map((step) => [step, true])),
    );
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('deploys the monitoring overlay last with MONITORING=1, and only then', () => {
    const overlay = [
      'tools/k8s/deploy.sh monitoring-namespace',
      'tools/k8s/secrets.sh profile-monitoring',
      'tools/k8s/deploy.sh monitoring',
    ];
    const lines = dryRun('start', 'MONITORING=1').trim().split('\n');
    const positions = ['tools/k8s/deploy.sh web', ...overlay, 'tools/k8s/access.sh'].map((step) =>
      lines.findIndex((line) => line.trim().endsWith(step)),
    );
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const without = dryRun('start');
    for (const step of overlay) expect(without).not.toContain(step);
    expect(dryRun('monitoring').trim().split('\n')).toEqual(
      expect.arrayContaining([
        expect.stringContaining('require.sh kubectl node cluster'),
        ...overlay,
      ]),
    );
  });

  it.each([
    ['build', 'nx run-many -t docker-build'],
    ['dashboards', 'tools/k8s/dashboards.sh'],
    ['backup', 'tools/ops/db-backup.sh'],
    ['stop', 'tools/k8s/stop.sh'],
    ['status', 'tools/k8s/status.sh'],
    ['logs', 'tools/k8s/logs.sh'],
    ['test-cluster', 'tools/k8s/test-cluster.sh'],
    ['port-forward', 'tools/k8s/port-forward.sh'],
    ['clean', 'tools/k8s/clean.sh'],
    ['clean-all', 'tools/k8s/clean.sh all'],
  ])('make %s wraps %s', (target, command) => {
    expect(dryRun(target)).toContain(command);
  });

  it('make restore needs FILE and passes CONFIRM on', () => {
    expect(() =>
      execFileSync('make', ['--no-print-directory', 'restore'], { cwd: ROOT, stdio: 'pipe' }),
    ).toThrow(/usage: make restore FILE=/);
    expect(dryRun('restore', 'FILE=backups/x.dump', 'CONFIRM=yes')).toContain(
      'CONFIRM="yes" tools/ops/db-restore.sh "backups/x.dump"',
    );
  });
});

describe('tools/k8s scripts', () => {
  const scripts = readdirSync(join(ROOT, 'tools/k8s')).filter((file) => file.endsWith('.sh'));

  // Scripts that need nothing to be installed: the tag is plain git, clean removes whatever of
  // the cluster, the images and the files is there, and kubectl-bin.sh provides a prerequisite.
  const needNothing = ['image-tag.sh', 'clean.sh', 'kubectl-bin.sh'];

  it.each(scripts)('%s is strict and checks its prerequisites', (script) => {
    const source = readFileSync(join(ROOT, 'tools/k8s', script), 'utf8');
    if (script === 'lib.sh') return expect(source).toMatch(/^require\(\) \{/m);
    expect(source).toMatch(/^set -euo pipefail$/m);
    if (!needNothing.includes(script))
      expect(source).toMatch(/^(require|tools\/k8s\/require\.sh) ["a-z]/m);
  });
});

describe('Dockerfiles', () => {
  const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('!'))
    .map((line) => line.slice(1));

  it.each(['api', 'worker', 'web'])('apps/%s/Dockerfile builds from the Nx output', (app) => {
    const dockerfile = readFileSync(join(ROOT, `apps/${app}/Dockerfile`), 'utf8');
    // A base pinned by exact version (runtime.spec.ts: the release of .nvmrc).
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:\d+\.\d+\.\d+-bookworm-slim$/m);
    expect(
      dockerfile.match(/^FROM .*/gm)!.every((line) => line.startsWith('FROM ${NODE_IMAGE}')),
    ).toBe(true);
    // A numeric non-root user, plain node as the command.
    expect(dockerfile).toMatch(/^USER [1-9]\d*:[1-9]\d*$/m);
    const command = /^CMD (\[.*\])$/m.exec(dockerfile)![1];
    expect(JSON.parse(command)).toEqual(['node', app === 'web' ? 'apps/web/server.js' : 'main.js']);
    // Production dependencies only, from the generated package.json and lockfile.
    if (app !== 'web') {
      expect(dockerfile).toContain(
        `COPY dist/apps/${app}/package.json dist/apps/${app}/package-lock.json ./`,
      );
      expect(dockerfile).toMatch(/npm ci --omit=dev/);
    }
    // Everything copied from the context is let through by .dockerignore.
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
      m[1].split(' '),
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect([source, ignore.some((allowed) => source.startsWith(allowed))]).toEqual([
        source,
        true,
      ]);
      // What is not build output must be in the repository, or the build fails on a clean clone.
      const built = source.startsWith('dist/') || source.includes('/.next/');
      if (!built) expect([source, existsSync(join(ROOT, source))]).toEqual([source, true]);
    }
  });

  it('puts the migration entry point into the api image', () => {
    expect(readFileSync(join(ROOT, 'apps/api/webpack.config.js'), 'utf8')).toMatch(
      /entryName: 'migrate', entryPath: '\.\/src\/migrate\.ts'/,
    );
    expect(readFileSync(join(ROOT, 'apps/api/Dockerfile'), 'utf8')).toContain(
      'COPY dist/apps/api/ ./',
    );
  });
});
