import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';
import { boundaryConfigs } from './scripts/eslint/boundaries.mjs';
import { grafana13Configs } from './scripts/eslint/grafana13.mjs';

// Node code outside the plugin bundle: the companion service, the CLI, tests, build and test
// scripts, the preview and panel harness servers, eval and bench. The plugin's own `src/` keeps
// create-plugin's settings from .config/. No `globals` are declared: no rule here reads them
// (no-undef is off for TypeScript, whose compiler checks names), and the `globals` package is not
// a direct dependency.
const NODE_DIRS = ['companion', 'cli', 'tests', 'scripts', 'harness', 'preview', 'eval', 'bench', 'ebpf-stack/bench'];
const nodeFiles = (exts) => NODE_DIRS.map((d) => `${d}/**/*.${exts}`);

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '**/*.log',
      '**/npm-debug.log*',
      '**/yarn-debug.log*',
      '**/yarn-error.log*',
      '**/.pnpm-debug.log*',
      '**/node_modules/',
      '.yarn/cache',
      '.yarn/unplugged',
      '.yarn/build-state.yml',
      '.yarn/install-state.gz',
      '**/.pnp.*',
      '**/pids',
      '**/*.pid',
      '**/*.seed',
      '**/*.pid.lock',
      '**/lib-cov',
      '**/coverage',
      '**/dist/',
      '**/artifacts/',
      '**/work/',
      '**/ci/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.idea',
      '**/.eslintcache',
    ],
  },
  ...baseConfig,
  // Which room may import what: src/ml and src/common framework-free, no companion/ in src/, ...
  ...boundaryConfigs(),
  // APIs removed in Grafana 13.2 (config.apps, config.panels) stay out of src/.
  ...grafana13Configs(),
  {
    name: 'bellwether/node',
    files: nodeFiles('{ts,tsx,js,mjs,cjs}'),
    languageOptions: { ecmaVersion: 2022 },
  },
  {
    name: 'bellwether/node-commonjs',
    files: nodeFiles('{js,cjs}'),
    languageOptions: { sourceType: 'commonjs' },
  },
]);
