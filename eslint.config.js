// Lint for the whole repository: type-aware TypeScript rules plus one import boundary per folder
// (ARCHITECTURE.md rule 3). test/unit/lint-boundaries.test.ts proves the boundaries bite.
import { builtinModules } from 'node:module';

import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

/** Restriction building blocks, each a list of `paths` and `patterns` entries for no-restricted-imports. */
const NO_ELECTRON = {
  paths: [
    { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' },
  ],
  patterns: [
    {
      regex: '^electron/',
      message: 'Only electron/main and electron/preload may import electron.',
    },
  ],
};
const NO_DBUS = {
  paths: [
    {
      name: 'dbus-next',
      message: 'D-Bus stays in electron/backends and electron/simulators (behind ports).',
    },
  ],
  patterns: [
    { regex: '^dbus-next/', message: 'D-Bus stays in electron/backends and electron/simulators.' },
  ],
};
const NO_NODE = {
  paths: builtinModules
    .filter((name) => !name.startsWith('_'))
    .map((name) => ({
      name,
      message: 'No Node built-ins here (shared/ and renderer/ must run anywhere).',
    })),
  patterns: [
    {
      regex: '^node:',
      message: 'No Node built-ins here (shared/ and renderer/ must run anywhere).',
    },
  ],
};
const CORE_INWARD = {
  paths: [],
  patterns: [
    {
      regex: '^(\\.\\./)+(backends|server|cli|main|preload|hosts|demo|simulators)(/|$)',
      message: 'The core reaches the outside only through its ports (electron/core/ports).',
    },
  ],
};
const RENDERER_OWN = {
  paths: [],
  patterns: [
    {
      regex: '^(\\.\\./)+(electron|test)(/|$)',
      message: 'The renderer talks to Kairn only through shared/api (the contract client).',
    },
  ],
};
const SHARED_OWN = {
  paths: [],
  patterns: [
    {
      regex: '^(\\.\\./)+(electron|renderer|test)(/|$)',
      message: 'shared/ depends on nothing but itself.',
    },
  ],
};

/**
 * The core reaches the file system only through its port (electron/core/ports/file-system.ts), so
 * tests can inject faults. Types and fs.constants (plain numbers, no I/O) may still be imported.
 */
const FS_THROUGH_PORT =
  'The core reaches the file system only through its port (FileSystemPort in electron/core/ports/file-system.ts).';
const CORE_FS_THROUGH_PORT = [
  'error',
  {
    paths: [
      ...['node:fs', 'fs'].map((name) => ({
        name,
        allowTypeImports: true,
        allowImportNames: ['constants'],
        message: FS_THROUGH_PORT,
      })),
      ...['node:fs/promises', 'fs/promises'].map((name) => ({
        name,
        allowTypeImports: true,
        message: FS_THROUGH_PORT,
      })),
    ],
  },
];

/** One no-restricted-imports rule from several building blocks (a later config replaces, never merges, a rule). */
function restrict(...blocks) {
  return [
    'error',
    {
      paths: blocks.flatMap((b) => b.paths),
      patterns: blocks.flatMap((b) => b.patterns),
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      '.kairn-tmp/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  {
    files: TS_FILES,
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: {
        project: [
          './build/tsconfig.node.json',
          './build/tsconfig.web.json',
          './build/tsconfig.test.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // Numbers read fine in messages; objects and undefined in a template are the bugs this catches.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `onClick={() => set(x)}` is React's idiom; void results used as values are still caught.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Async implementations of async interfaces (ports, fakes) legitimately have nothing to await.
      '@typescript-eslint/require-await': 'off',
      // TypeScript itself reports undefined names with full type knowledge.
      'no-undef': 'off',
      'no-restricted-imports': restrict(NO_ELECTRON),
    },
  },
  {
    files: ['shared/**'],
    rules: { 'no-restricted-imports': restrict(NO_ELECTRON, NO_DBUS, NO_NODE, SHARED_OWN) },
  },
  {
    files: ['renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'no-restricted-imports': restrict(NO_ELECTRON, NO_DBUS, NO_NODE, RENDERER_OWN),
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['electron/core/**'],
    rules: { 'no-restricted-imports': restrict(NO_ELECTRON, NO_DBUS, CORE_INWARD) },
  },
  {
    files: ['electron/core/**'],
    ignores: ['electron/core/ports/**'],
    rules: { '@typescript-eslint/no-restricted-imports': CORE_FS_THROUGH_PORT },
  },
  {
    files: ['electron/main/**', 'electron/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Tests may assert their way past the type system where they have just checked the value.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Tests feed NUL and other control bytes on purpose.
      'no-control-regex': 'off',
      // Teardown guards variables a failed beforeAll may have left unset, though typed as set.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    // Plain JavaScript (this file, the bin shim): no type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
  },
);
