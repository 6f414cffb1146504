import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@profile/testing';
import { ROOT } from './stack';
import { FakeCluster, type ScriptRun } from './support/fake-cluster';

// `make start` as a new user meets it, in a fresh clone of this tree (no node_modules, no
// Secrets, no cluster), against fake docker, kind, kubectl, npm and npx (support/): the first
// start, a second one, a restart after an edit, and a start after failed migrations.
jest.setTimeout(300_000);

const cluster = new FakeCluster();
const clone = join(cluster.dir, 'clone');
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
    cwd: clone,
    encoding: 'utf8',
  });

beforeAll(async () => {
  // The tree as it is (committed or not), without what git ignores: node_modules, .secrets, dist.
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file && existsSync(join(ROOT, file)));
  for (const file of files) {
    mkdirSync(join(clone, file, '..'), { recursive: true });
    cpSync(join(ROOT, file), join(clone, file));
  }
  // Kind maps its ports from the host: free ones here, so that a port this machine uses
  // elsewhere does not stop the start.
  const config = join(clone, 'k8s/simple/kind-config.yaml');
  let text = readFileSync(config, 'utf8');
  for (const port of [30080, 30081, 3000])
    text = text.replace(`hostPort: ${port}\n`, `hostPort: ${await freePort()}\n`);
  writeFileSync(config, text);
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'a fresh clone');
});

afterAll(() => cluster.remove());

const commit = () => git('rev-parse', '--short=12', 'HEAD').trim();
function make(target: string, env: Record<string, string> = {}): ScriptRun {
  // No IMAGE_TAG: the Makefile tags with the clone's commit. No MAKEFLAGS of an outer make.
  return cluster.run('make', ['--no-print-directory', target], clone, {
    IMAGE_TAG: '',
    MAKEFLAGS: '',
    ...env,
  });
}
const steps = (run: ScriptRun) => run.output.match(/^✓ [a-z-]+ ready/gm) ?? [];
const jobs = () =>
  Object.keys(cluster.objects())
    .filter((key) => key.includes(' job.batch/'))
    .map((key) => key.split(' ')[1]);
const READY = [
  '✓ namespace ready',
  '✓ postgres ready',
  '✓ redis ready',
  '✓ rabbitmq ready',
  '✓ migrate ready',
  '✓ api ready',
  '✓ worker ready',
  '✓ web ready',
];

describe('make start', () => {
  let first: ScriptRun;
  beforeAll(() => {
    first = make('start');
  });

  it('takes a fresh clone to a running stack in one command: dependencies, cluster, images, every step', () => {
    expect([first.status, first.output]).toEqual([0, expect.stringContaining('✓ web ready')]);
    expect(first.tools).toContain('npm ci --no-audit --no-fund');
    expect(existsSync(join(clone, 'node_modules'))).toBe(true);
    expect(first.tools).toContainEqual(
      expect.stringMatching(/^kind create cluster --name profile --config .*kind-config\.yaml/),
    );
    for (const app of ['api', 'worker', 'web']) {
      expect(first.tools).toContainEqual(
        `docker build --file apps/${app}/Dockerfile --tag profile/${app}:${commit()} .`,
      );
      expect(first.tools).toContain(
        `kind load docker-image --name profile profile/${app}:${commit()}`,
      );
    }
    expect(steps(first)).toEqual(READY);
    expect(jobs()).toEqual([`job.batch/api-migrate-${commit()}`]);
  });

  it('prints each step with its place and the time waited, and the access points at the end', () => {
    expect(first.output).toMatch(/▸ postgres \(1\/7\): applying, then waiting up to 300s/);
    expect(first.output).toMatch(/✓ migrate ready \(\d+s\)/);
    expect(first.output).toContain('Web console        http://localhost:3000');
  });

  it('starts again without installing, creating or re-running anything that is current', () => {
    const second = make('start');
    expect([second.status, second.output]).toEqual([0, expect.stringContaining('✓ web ready')]);
    expect(second.tools.filter((call) => call.startsWith('npm '))).toEqual([]);
    expect(second.tools.filter((call) => call.startsWith('kind create'))).toEqual([]);
    expect(second.output).toContain('✓ Kind cluster profile exists');
    expect(second.kubectl.filter((entry) => entry.command === 'delete')).toEqual([]);
    expect(steps(second)).toEqual(READY);
  });

  it('restarts after an edit with new images, a new migration Job and the edited settings', () => {
    const server = join(clone, 'k8s/simple/server.yaml');
    writeFileSync(
      server,
      readFileSync(server, 'utf8').replace("DB_POOL_SIZE: '10'", "DB_POOL_SIZE: '12'"),
    );
    const before = cluster.objects()['profile deployment.apps/api'];
    const restart = make('restart');
    expect([restart.status, restart.output]).toEqual([0, expect.stringContaining('✓ web ready')]);
    const tag = restart.tools
      .find((call) => call.startsWith('docker build --file apps/api/'))!
      .match(/profile\/api:(\S+)/)![1];
    expect(tag).toMatch(new RegExp(`^${commit()}-dirty-[0-9a-f]{8}$`));
    // make stop removed the workloads (and the old Job); the start brought them back, edited.
    expect(restart.kubectl).toContainEqual(expect.objectContaining({ command: 'delete-selected' }));
    expect(jobs()).toEqual([`job.batch/api-migrate-${tag}`]);
    const after = cluster.objects()['profile deployment.apps/api'];
    const hash = (object: typeof after) =>
      object.spec.template.metadata.annotations['profile/config-hash'];
    expect(hash(after)).not.toBe(hash(before));
    expect(after.spec.template.spec.containers[0].image).toBe(`profile/api:${tag}`);
  });

  it('runs failed migrations again on the next start, which then completes', () => {
    const stop = make('stop');
    expect(stop.status).toBe(0);
    const failed = make('start', { FAKE_JOB_OUTCOME: 'Failed' });
    expect(failed.status).not.toBe(0);
    expect(failed.output).toMatch(/job\.batch\/api-migrate-\S+ failed/);
    expect(steps(failed)).toEqual(READY.slice(0, 4));

    const next = make('start');
    expect([next.status, next.output]).toEqual([0, expect.stringContaining('✓ web ready')]);
    expect(next.output).toContain('failed before: deleting it to run it again');
    expect(steps(next)).toEqual(READY);
  });
});
