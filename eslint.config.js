// Flat ESLint config: the recommended JS and TypeScript rules, plus the layers between the packages.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** A no-restricted-imports rule over `files`. */
const layer = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/data/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        queueMicrotask: 'readonly',
        globalThis: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // The layers, package by package (what each may import of the others), so the layout stays the architecture.
  layer(
    ['packages/webauthn/src/**/*.ts'],
    [
      { group: ['@credkit/*', 'credkit', 'credkit/*'], message: 'the WebAuthn core imports nothing of ours' },
      {
        group: ['fastify', '@fastify/*', 'pg', 'kysely', 'better-sqlite3', 'ioredis', 'prom-client'],
        message: 'the WebAuthn core is pure: no HTTP, SQL or Redis',
      },
    ],
  ),
  layer(
    ['packages/server/src/**/*.ts'],
    [
      { group: ['@credkit/webauthn/*'], message: 'the server uses the core through its public entry only' },
      {
        regex: '^(@credkit/(provider|credential-manager|browser)|credkit)(/.*)?$(?<!^@credkit/browser/api$)',
        message:
          'the server depends on the core, and on the browser package only for the HTTP API types (@credkit/browser/api)',
      },
    ],
  ),
  layer(
    ['packages/credential-manager/src/**/*.ts'],
    [
      {
        group: ['@credkit/server', '@credkit/provider', 'credkit'],
        message: 'the Credential Manager model stands below the provider and the server',
      },
    ],
  ),
  layer(
    ['packages/provider/src/**/*.ts'],
    [{ group: ['@credkit/server', 'credkit'], message: 'the provider never reaches into the server' }],
  ),
  layer(
    ['packages/browser/src/**/*.ts', 'packages/server/web/**/*.js'],
    [
      {
        group: ['node:*', 'fs', 'path', 'crypto'],
        message: 'the browser client runs in browsers: nothing from Node',
      },
      { group: ['@credkit/*', 'credkit'], message: 'the browser client has no dependencies' },
    ],
  ),
);
