import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * Layers, top to bottom. A file may import its own layer and the layers below it, never one
 * above (each `files` block below forbids what lies above):
 *   composition    src/main.ts: builds everything, may import anything.
 *   chat & entry   dialogs/, jobs/, src/bot/, src/server/: call the application; adapters only
 *                  where unavoidable, never the store.
 *   adapters       src/store, src/channels, src/graph, src/directory, src/installation,
 *                  src/presence, src/scheduler, src/ratelimit, src/tracking, src/reports,
 *                  src/delivery, src/revision, src/cards, src/identity, and
 *                  src/{config,logger,clock,version}.ts:
 *                  implement the application's ports; may use each other.
 *   application    src/application/: use cases and their ports; sees only domain and shared.
 *   shared         src/shared/: small helpers; sees only the domain.
 *   domain         src/domain/: pure rules; imports nothing of ours.
 * botbuilder and botframework-* stay in the chat layer and src/channels, so a move to another
 * bot SDK touches only those folders.
 */
const above = {
  composition: ['**/main.js'],
  chat: ['**/dialogs/**', '**/jobs/**', '**/bot/**', '**/server/**'],
  adapters: [
    '**/store/**',
    '**/channels/**',
    '**/graph/**',
    '**/directory/**',
    '**/installation/**',
    '**/presence/**',
    '**/scheduler/**',
    '**/ratelimit/**',
    '**/tracking/**',
    '**/reports/**',
    '**/delivery/**',
    '**/revision/**',
    '**/cards/**',
    '**/identity/**',
    '**/src/config.js',
    '**/src/logger.js',
    '**/src/clock.js',
    '**/src/version.js',
    '../config.js',
    '../logger.js',
    '../clock.js',
    '../version.js',
    '../../config.js',
    '../../logger.js',
    '../../clock.js',
    '../../version.js',
  ],
  application: ['**/application/**'],
  shared: ['**/shared/**'],
};
const botSdk = ['botbuilder', 'botbuilder-*', 'botframework-*'];

function forbid(layers, message, extra = []) {
  const group = [...layers.flatMap((layer) => above[layer]), ...extra];
  return ['error', { patterns: [{ group, message }] }];
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'appPackage/build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'off',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['dialogs/**/*.ts', 'src/bot/**/*.ts', 'src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['composition'],
        'The chat layer calls the application: only src/main.ts composes, and the store sits behind the application ports.',
        ['**/store/**'],
      ),
    },
  },
  {
    files: ['jobs/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['composition'],
        'Jobs call the application: only src/main.ts composes, the store sits behind the application ports, and bot SDK types stay in the chat folders.',
        ['**/store/**', ...botSdk],
      ),
    },
  },
  {
    files: ['src/channels/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['composition', 'chat'],
        'Adapters never import the chat layer (dialogs, jobs, bot, server) or src/main.ts.',
      ),
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: [
      'src/main.ts',
      'src/application/**',
      'src/shared/**',
      'src/domain/**',
      'src/bot/**',
      'src/server/**',
      'src/channels/**',
    ],
    rules: {
      'no-restricted-imports': forbid(
        ['composition', 'chat'],
        'Adapters never import the chat layer (dialogs, jobs, bot, server) or src/main.ts; bot SDK types stay in dialogs/, src/bot, src/server and src/channels.',
        botSdk,
      ),
    },
  },
  {
    files: ['src/application/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['composition', 'chat', 'adapters'],
        'The application imports only the domain, src/shared and its own ports.',
        botSdk,
      ),
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['composition', 'chat', 'adapters', 'application'],
        'src/shared imports only the domain.',
        botSdk,
      ),
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['composition', 'chat', 'adapters', 'application', 'shared'],
        'The domain imports nothing of ours: pure rules only.',
        botSdk,
      ),
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['tests/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
