// @ts-check
// Lint for the whole tree plus the layer rule of docs/architecture.md: imports
// flow one way (app -> screens -> widgets/workflow/services; services/impl ->
// proxmox) and libraries stay in their room (axios only in src/proxmox, blessed
// only in src/widgets and the app's one screen factory). tests/unit/layers.test.ts
// proves each rule reports a wrong import.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

/** A forbidden import: a glob the import string matches, and why. */
const ban = (group, message) => ({ group, message });
const internal = (...layers) => layers.flatMap((layer) => [`**/${layer}`, `**/${layer}/**`]);
const library = (name, why) => ({ name, message: why, allowTypeImports: true });

const BLESSED = ['blessed', 'neo-blessed', 'blessed-contrib'].map((name) =>
  library(name, 'blessed lives in src/widgets (and src/app/terminal-screen.ts): screens use widgets, the domain never draws.'),
);
const AXIOS = library('axios', 'Only src/proxmox speaks HTTP: call a service instead.');
const NODE_IO = ['fs', 'node:fs', 'http', 'node:http', 'https', 'node:https', 'net', 'node:net', 'child_process', 'node:child_process', 'timers', 'node:timers'].map(
  (name) => ({ name, message: 'src/workflow is pure: no I/O or timers. Do it in a service and pass the result in.' }),
);
const IMPL = ban(['**/impl', '**/impl/**'], 'Implementations are wired in *-module.ts and container.ts only: depend on the interface/token.');
const MOCKS = ban(['**/mocks/**'], 'The app must not depend on the simulator or fixtures (src/container.ts starts the simulator for --demo).');

/** One restricted-imports rule per layer: `layers` it may not import, `libraries` it may not use. */
function layer(files, { layers = [], libraries = [], extra = [], ignores = [] }) {
  const patterns = [];
  if (layers.length) patterns.push(ban(internal(...layers), `This layer may not import ${layers.join(', ')} (docs/architecture.md, "Layers").`));
  patterns.push(...extra);
  return {
    files,
    ignores,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: libraries, patterns }] },
  };
}

const layerRules = [
  layer(['src/shared/**/*.ts'], {
    layers: ['app', 'screens', 'widgets', 'workflow', 'services', 'proxmox', 'config', 'generated'],
    libraries: [...BLESSED, AXIOS],
    extra: [MOCKS],
  }),
  layer(['src/generated/**/*.ts'], {
    layers: ['app', 'screens', 'widgets', 'workflow', 'services', 'proxmox', 'config', 'shared'],
    libraries: [...BLESSED, AXIOS],
  }),
  layer(['src/workflow/**/*.ts'], {
    layers: ['app', 'screens', 'widgets', 'services', 'proxmox', 'config'],
    libraries: [...BLESSED, AXIOS, ...NODE_IO],
    extra: [MOCKS, IMPL],
    ignores: ['src/workflow/*-module.ts'],
  }),
  layer(['src/proxmox/**/*.ts'], {
    layers: ['app', 'screens', 'widgets', 'workflow', 'services', 'config'],
    libraries: [...BLESSED],
    extra: [MOCKS],
  }),
  layer(['src/services/**/*.ts'], {
    layers: ['app', 'screens', 'widgets', 'config'],
    libraries: [...BLESSED, AXIOS],
    extra: [MOCKS, ban(['**/proxmox', '**/proxmox/**'], 'Service interfaces are independent of Proxmox wire types: only src/services/impl may import src/proxmox.')],
    ignores: ['src/services/impl/**', 'src/services/*-module.ts'],
  }),
  layer(['src/services/impl/**/*.ts'], {
    layers: ['app', 'screens', 'widgets', 'config'],
    libraries: [...BLESSED, AXIOS],
    extra: [MOCKS],
  }),
  layer(['src/widgets/**/*.ts'], {
    layers: ['app', 'screens', 'workflow', 'services', 'proxmox', 'config'],
    libraries: [AXIOS],
    extra: [MOCKS],
  }),
  layer(['src/screens/**/*.ts'], {
    layers: ['app', 'proxmox', 'config'],
    libraries: [...BLESSED, AXIOS],
    extra: [MOCKS, IMPL],
    ignores: ['src/screens/*-module.ts'],
  }),
  layer(['src/app/**/*.ts'], {
    layers: ['proxmox'],
    libraries: [...BLESSED, AXIOS],
    extra: [MOCKS, IMPL],
    ignores: ['src/app/terminal-screen.ts', 'src/app/*-module.ts'],
  }),
  layer(['src/app/terminal-screen.ts'], { layers: ['proxmox'], libraries: [AXIOS], extra: [MOCKS, IMPL] }),
  layer(['src/config/**/*.ts'], {
    layers: ['app', 'screens', 'widgets', 'workflow', 'services', 'proxmox'],
    libraries: [...BLESSED, AXIOS],
    extra: [MOCKS],
  }),
  // The simulator is its own code so it can catch the app's mistakes: it may read the
  // generated API facts and the shared helpers, never the app's builder or validators.
  layer(['mocks/simulator/**/*.ts'], {
    extra: [ban(['**/src/app/**', '**/src/screens/**', '**/src/widgets/**', '**/src/workflow/**', '**/src/services/**', '**/src/proxmox/**', '**/src/config/**'],
      'The simulator must not import the app (only src/generated and src/shared): it exists to catch the app\'s mistakes.')],
    libraries: [...BLESSED, AXIOS],
  }),
];

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'bundle/', 'coverage/', 'tests/fixtures/**', '**/*.js', '!eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  // Scripts, tests and the CLI entry print by design.
  { files: ['scripts/**', 'tests/**', 'mocks/**', 'src/main.ts', 'src/cli/**'], rules: { 'no-console': 'off' } },
  ...layerRules,
);
module.exports.layerRules = layerRules;
