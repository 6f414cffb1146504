import { execFile } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const eslintBin = join(root, 'node_modules/eslint/bin/eslint.js');

interface LintResult {
  messages: Array<{ ruleId: string | null; message: string }>;
}

/**
 * Lints `source` as if it were the file at `path` with the workspace's ESLint config, returning
 * the module-boundary messages. ESLint runs as its own process: its ESM config cannot load in Jest.
 */
function boundaryErrors(path: string, source: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', path],
      { cwd: root, env: { ...process.env, NX_DAEMON: 'false' } },
      (error, stdout) => {
        // ESLint exits 1 when it reports errors; only a missing report is a failure here.
        if (!stdout) return reject(error ?? new Error('eslint printed nothing'));
        const [result] = JSON.parse(stdout) as LintResult[];
        resolve(
          result.messages
            .filter((message) => message.ruleId === '@nx/enforce-module-boundaries')
            .map((message) => message.message),
        );
      },
    );
    child.stdin?.end(source);
  });
}

describe('module boundaries', () => {
  it.each([
    ['the cache importing messaging', 'libs/cache/src/lib/probe.ts', '@profile/messaging'],
    ['messaging importing the cache', 'libs/messaging/src/lib/probe.ts', '@profile/cache'],
    ['the web importing the cache', 'apps/web/src/lib/probe.ts', '@profile/cache'],
    ['the web importing service-core', 'apps/web/src/lib/probe.ts', '@profile/service-core'],
    ['the worker importing the cache', 'apps/worker/src/probe.ts', '@profile/cache'],
    [
      'messaging importing service-core',
      'libs/messaging/src/lib/probe.ts',
      '@profile/service-core',
    ],
    ['the contract importing the cache', 'libs/api-contract/src/lib/probe.ts', '@profile/cache'],
    ['the cache importing the contract', 'libs/cache/src/lib/probe.ts', '@profile/api-contract'],
  ])('rejects %s', async (_case, path, target) => {
    const errors = await boundaryErrors(
      path,
      `import * as probe from '${target}';\nexport { probe };\n`,
    );
    expect(errors).toEqual([expect.stringMatching(/can only depend on libs tagged with/)]);
  });

  it.each([
    ['the framework-free domain', 'libs/profile-domain', '@nestjs/common', 'Injectable'],
    [
      'the contract, which imports nothing but zod',
      'libs/api-contract',
      '@nestjs/common',
      'Injectable',
    ],
    ['the contract, which imports nothing but zod', 'libs/api-contract', 'fastify', 'fastify'],
    ['the contract, which imports nothing but zod', 'libs/api-contract', 'react', 'useState'],
  ])('rejects a framework import in %s (%s)', async (_case, library, module, name) => {
    const errors = await boundaryErrors(
      `${library}/src/lib/probe.ts`,
      `import { ${name} } from '${module}';\nexport { ${name} };\n`,
    );
    expect(errors).toEqual([expect.stringContaining(`is not allowed to import "${module}"`)]);
  });

  it('rejects a deep import into a library', async () => {
    const errors = await boundaryErrors(
      'apps/api/src/probe.ts',
      `import { createRedisClient } from '@profile/cache/src/lib/redis-client';\nexport { createRedisClient };\n`,
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it.each([
    ['the api importing the cache', 'apps/api/src/probe.ts', '@profile/cache'],
    ['the web importing the domain', 'apps/web/src/lib/probe.ts', '@profile/profile-domain'],
    ['the web importing the contract', 'apps/web/src/lib/probe.ts', '@profile/api-contract'],
    ['the api importing the contract', 'apps/api/src/probe.ts', '@profile/api-contract'],
    ['the worker importing the contract', 'apps/worker/src/probe.ts', '@profile/api-contract'],
    [
      'the contract importing the domain',
      'libs/api-contract/src/lib/probe.ts',
      '@profile/profile-domain',
    ],
    ['the contract importing zod', 'libs/api-contract/src/lib/probe.ts', 'zod'],
    ['the worker importing messaging', 'apps/worker/src/probe.ts', '@profile/messaging'],
  ])('allows %s', async (_case, path, target) => {
    expect(
      await boundaryErrors(path, `import * as probe from '${target}';\nexport { probe };\n`),
    ).toEqual([]);
  });
});
