// Lint is where the architecture's boundaries are enforced: a file's folder says which world it runs
// in (see ARCHITECTURE.md), and an import that crosses into another world fails here, not in review.
//
// ESLint flat config replaces (does not merge) a rule's options when two blocks match one file, so
// every folder's `no-restricted-imports` is composed below from named pieces in one place.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import globals from 'globals';

const TS_JS = ['**/*.{ts,mts,cts,js,mjs,cjs,vue}'];

// --- restriction pieces ----------------------------------------------------------------------
const noElectronPackage = {
  paths: [
    {
      name: 'electron',
      message: 'Only electron/main and electron/preload may import electron; the engine, faces and UI stay Electron-free.',
    },
  ],
  patterns: [
    {
      regex: '^electron/',
      message: 'Only electron/main and electron/preload may import electron.',
    },
  ],
};

const nodeBuiltins = {
  paths: builtinModules
    .filter((name) => !name.startsWith('_'))
    .map((name) => ({ name, message: 'Node built-ins are not available here (browser or sandboxed code).' })),
  patterns: [{ regex: '^node:', message: 'Node built-ins are not available here (browser or sandboxed code).' }],
};

// Relative imports into the repo's `electron/` tree (`../electron/engine/x`, `../../electron/app/y`).
const noElectronTree = {
  patterns: [{ regex: '(^|/)electron/', message: 'This code may not reach into electron/ (engine, app, main); go through shared/.' }],
};

const noRendererTree = {
  patterns: [{ regex: '(^|/)renderer(/|$)', message: 'The engine and faces may not import renderer code.' }],
};

// Sandboxed preloads may only require `electron` (and a few polyfills): no engine, no npm packages
// that need Node. They reach the rest of the app through the contract in shared/.
const preloadOnlyShared = {
  patterns: [
    { regex: '(^|/)electron/(engine|app|web|cli|main)(/|$)', message: 'The sandboxed preload may import only electron and shared/.' },
    { regex: '^\\.\\./(engine|app|web|cli|main)(/|$)', message: 'The sandboxed preload may import only electron and shared/.' },
    { regex: '(^|/)renderer(/|$)', message: 'The sandboxed preload may import only electron and shared/.' },
  ],
};

// Faces (main, utility host, browser mode, CLI) and the app layer reach the engine through its
// public API only, so its insides can change without touching them.
const engineApiOnly = {
  patterns: [
    {
      regex: '(^|/)engine/(?!index(\\.ts)?$)',
      message: 'Import the engine only through electron/engine/index.ts (its public API), never its internal modules.',
    },
  ],
};

/** A face may not import another face: they share electron/app and the engine API instead. */
function noOtherFaces(self) {
  const faces = ['main', 'web', 'cli', 'utility'].filter((f) => f !== self);
  return {
    patterns: [
      {
        regex: `(^|/)(electron/)?(${faces.join('|')})/`,
        message: `electron/${self} may not import another face (${faces.join(', ')}); share code through electron/app or the engine API.`,
      },
    ],
  };
}

/** Joins restriction pieces into one `no-restricted-imports` rule value. */
function restrict(...pieces) {
  return [
    'error',
    {
      paths: pieces.flatMap((p) => p.paths ?? []),
      patterns: pieces.flatMap((p) => p.patterns ?? []),
    },
  ];
}

// ipcRenderer/ipcMain are named only where the bridge lives; any mention elsewhere is a leak.
const noIpcObjects = [
  'error',
  {
    selector: 'Identifier[name=/^ipc(Renderer|Main)$/]',
    message: 'ipcRenderer/ipcMain belong to electron/preload and electron/main only; use the typed client.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
      // A deliberately insecure Electron app that the security check must flag; never lint it.
      'tests/security/bad-sample/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/essential'],
  {
    files: TS_JS,
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Everything outside main/preload: no electron, no IPC objects.
      'no-restricted-imports': restrict(noElectronPackage),
      'no-restricted-syntax': noIpcObjects,
    },
  },
  {
    // Playwright fixtures must destructure their (possibly empty) fixture argument: `async ({}, use)`.
    files: ['tests/e2e/**', 'tests/electron/**'],
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.vue'],
    languageOptions: {
      parser: vueParser,
      parserOptions: { parser: tseslint.parser, sourceType: 'module', extraFileExtensions: ['.vue'] },
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict(noElectronPackage, nodeBuiltins, noElectronTree),
      // Untrusted spreadsheet text must never become markup.
      'vue/no-v-html': 'error',
    },
  },
  {
    // The contract is shared by Node and the browser, so it may use neither side's specifics.
    files: ['shared/**'],
    rules: { 'no-restricted-imports': restrict(noElectronPackage, nodeBuiltins, noElectronTree, noRendererTree) },
  },
  {
    files: ['electron/engine/**'],
    rules: { 'no-restricted-imports': restrict(noElectronPackage, noRendererTree) },
  },
  {
    files: ['electron/app/**'],
    rules: { 'no-restricted-imports': restrict(noElectronPackage, noRendererTree, engineApiOnly, noOtherFaces('app')) },
  },
  {
    files: ['electron/web/**'],
    rules: { 'no-restricted-imports': restrict(noElectronPackage, noRendererTree, engineApiOnly, noOtherFaces('web')) },
  },
  {
    files: ['electron/cli/**'],
    rules: { 'no-restricted-imports': restrict(noElectronPackage, noRendererTree, engineApiOnly, noOtherFaces('cli')) },
  },
  {
    // The engine host's utility process: Node APIs and process.parentPort, no electron module.
    files: ['electron/utility/**'],
    rules: { 'no-restricted-imports': restrict(noElectronPackage, noRendererTree, engineApiOnly, noOtherFaces('utility')) },
  },
  {
    files: ['electron/main/**'],
    rules: {
      'no-restricted-imports': restrict(noRendererTree, engineApiOnly, noOtherFaces('main')),
      'no-restricted-syntax': [
        'error',
        { selector: 'Identifier[name="ipcRenderer"]', message: 'ipcRenderer belongs to the preload.' },
      ],
    },
  },
  {
    files: ['electron/preload/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict(nodeBuiltins, preloadOnlyShared),
      'no-restricted-syntax': [
        'error',
        { selector: 'Identifier[name="ipcMain"]', message: 'ipcMain belongs to the main process.' },
        {
          // The page gets two functions, never the IPC object itself (directly or as a property).
          selector: [
            'CallExpression[callee.property.name="exposeInMainWorld"] > Identifier[name="ipcRenderer"]',
            'CallExpression[callee.property.name="exposeInMainWorld"] > MemberExpression[object.name="ipcRenderer"]',
            'CallExpression[callee.property.name="exposeInMainWorld"] > ObjectExpression Property > Identifier.value[name="ipcRenderer"]',
            'CallExpression[callee.property.name="exposeInMainWorld"] > ObjectExpression Property > MemberExpression.value[object.name="ipcRenderer"]',
          ].join(', '),
          message: 'Never expose ipcRenderer (or its methods) to the page; expose invoke/on wrappers only.',
        },
      ],
    },
  },
);
