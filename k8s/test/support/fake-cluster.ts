// The fakes the script tests run tools/k8s and the Makefile against, where Docker and Kind cannot
// run: kubectl (fake-kubectl.mjs: a fake cluster kept in a state file, with the real kubectl for
// what needs no cluster) and docker, kind, npm and npx (fake-bin/), all first on PATH. Each
// FakeCluster has its own state and logs, in a scratch folder it removes on `remove()`.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { K8sObject } from '../stack';

export type KubectlEntry =
  | { command: 'apply'; selector: string; names: string[] }
  | { command: 'apply-rejected'; name: string }
  | {
      command: 'apply-stdin';
      object: {
        kind: string;
        metadata: { name: string; namespace: string; labels: Record<string, string> };
        data: Record<string, string>;
      };
    }
  | { command: 'rollout' | 'get-job' | 'look-up-job'; target: string; namespace: string }
  | { command: 'wait'; target: string; condition: string; namespace: string }
  | { command: 'delete'; target: string; namespace: string; cascade?: string }
  | { command: 'delete-selected'; kinds: string[]; selector: string; namespace: string }
  | { command: 'get-namespace'; name: string }
  | { command: 'other' | 'failed'; args: string[] };

export interface ScriptRun {
  status: number;
  output: string;
  kubectl: KubectlEntry[];
  /** One line per docker, kind, npm or npx call: the tool and its arguments. */
  tools: string[];
}

const REAL_KUBECTL = execFileSync('sh', ['-c', 'command -v "${KUBECTL:-kubectl}"'], {
  encoding: 'utf8',
}).trim();

export class FakeCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'fake-cluster-'));
  private readonly bin = join(this.dir, 'bin');
  private readonly kubectlLog = join(this.dir, 'kubectl.log');
  private readonly toolsLog = join(this.dir, 'tools.log');
  readonly stateDir = join(this.dir, 'state');
  readonly kubectlState = join(this.dir, 'state/kubectl.json');

  constructor() {
    mkdirSync(this.stateDir, { recursive: true });
    mkdirSync(this.bin);
    const kubectl = join(this.bin, 'kubectl');
    writeFileSync(
      kubectl,
      `#!/bin/sh\nexec "${process.execPath}" "${join(__dirname, 'fake-kubectl.mjs')}" "$@"\n`,
    );
    chmodSync(kubectl, 0o755);
  }

  /** Runs `command` in `cwd` with the fakes first on PATH, then this Node.js. */
  run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): ScriptRun {
    writeFileSync(this.kubectlLog, '');
    writeFileSync(this.toolsLog, '');
    const result = spawnSync(command, args, {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: [
          this.bin,
          join(__dirname, 'fake-bin'),
          dirname(process.execPath),
          process.env['PATH'],
        ].join(':'),
        REAL_KUBECTL,
        FAKE_KUBECTL_LOG: this.kubectlLog,
        FAKE_KUBECTL_STATE: this.kubectlState,
        FAKE_TOOLS_LOG: this.toolsLog,
        FAKE_STATE: this.stateDir,
        K8S_SECRETS_DIR: join(this.dir, 'secrets'),
        ...env,
      },
    });
    return {
      status: result.status ?? 1,
      output: `${result.stdout}${result.stderr}`,
      kubectl: readFileSync(this.kubectlLog, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as KubectlEntry),
      tools: readFileSync(this.toolsLog, 'utf8').split('\n').filter(Boolean),
    };
  }

  /** The objects the fake cluster holds, by `<namespace> <kind.group/name>`. */
  objects(): Record<string, K8sObject> {
    try {
      return JSON.parse(readFileSync(this.kubectlState, 'utf8'));
    } catch {
      return {};
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
