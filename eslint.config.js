import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layering (STYLE.md): shared imports nobody; server never imports client; client never imports server or fixtures;
 * domain never imports fastify or socket.io. */
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'screenshots/**', 'fixtures/geo/_*.mts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['shared/**'],
    rules: restrict([
      { group: ['**/server/**', '**/client/**', '**/fixtures/**', 'fastify', 'socket.io', 'react', 'better-sqlite3'], message: 'shared/ is the contract: it imports nothing outside shared/.' },
    ]),
  },
  {
    files: ['server/**'],
    rules: restrict([{ group: ['**/client/**'], message: 'server/ never imports client/.' }]),
  },
  {
    files: ['server/domain/**'],
    rules: restrict([
      { group: ['fastify', 'socket.io', '**/realtime/**', '**/routes/**', '@fastify/*'], message: 'domain/ is pure: it calls an injected broadcaster, never fastify or socket.io.' },
    ]),
  },
  {
    files: ['client/**'],
    rules: restrict([{ group: ['**/server/**', '**/fixtures/**', 'better-sqlite3', 'fastify'], message: 'client/ imports only shared/ and packages.' }]),
  },
  {
    files: ['client/charts/options/**'],
    rules: restrict([
      { group: ['**/realtime/**', '**/store/**', 'socket.io-client', 'react'], message: 'option builders are pure: data in, option out.' },
    ]),
  },
);
