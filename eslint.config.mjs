import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/.next',
      '**/node_modules',
      '**/coverage',
      'reports',
      'tmp',
      '**/next-env.d.ts',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          banTransitiveDependencies: true,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:contract',
                'type:data-access',
                'type:util',
                'type:testing',
              ],
            },
            // The api's wire contract: zod schemas over the domain, for the api and every client.
            {
              sourceTag: 'type:contract',
              onlyDependOnLibsWithTags: ['type:domain'],
              allowedExternalImports: ['zod'],
            },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:ops', onlyDependOnLibsWithTags: ['type:domain', 'type:testing'] },
            {
              sourceTag: 'type:bench',
              onlyDependOnLibsWithTags: ['type:domain', 'type:data-access', 'type:testing'],
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:domain', 'type:testing'],
            },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
            {
              sourceTag: 'scope:cache',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:cache', 'scope:testing'],
            },
            {
              sourceTag: 'scope:messaging',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:messaging', 'scope:testing'],
            },
            {
              sourceTag: 'scope:api',
              onlyDependOnLibsWithTags: [
                'scope:shared',
                'scope:server',
                'scope:cache',
                'scope:messaging',
                'scope:testing',
              ],
            },
            {
              sourceTag: 'scope:worker',
              onlyDependOnLibsWithTags: [
                'scope:shared',
                'scope:server',
                'scope:messaging',
                'scope:testing',
              ],
            },
            { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:ops', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
            {
              sourceTag: 'scope:bench',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:cache', 'scope:testing'],
            },
            {
              sourceTag: 'scope:shared',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: [
                '@nestjs/*',
                'typeorm',
                'ioredis',
                'amqplib',
                'next',
                'react',
                'fastify',
              ],
            },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
];
