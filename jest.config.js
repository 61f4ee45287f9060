// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const generated = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');

// @kubernetes/client-node 1.x and its OpenID client ship only ESM (Node 20 requires them; Jest needs
// them transformed).
const KUBERNETES_CLIENT_ESM = ['@kubernetes/client-node', 'openid-client', 'oauth4webapi', 'jose'];

// The generated transform skips .mjs files, and some Grafana dependencies (d3-color, ...) ship
// only ESM .mjs: transform those with the same SWC settings.
const swc = Object.values(generated.transform)[0];
const base = {
  ...generated,
  transform: { ...generated.transform, '^.+\\.mjs$': swc },
  transformIgnorePatterns: [nodeModulesToTransform([...grafanaESModules, '@bsull/augurs', ...KUBERNETES_CLIENT_ESM])],
};

// Two projects: React/Grafana code runs in jsdom as create-plugin intends; the framework-free
// engine (src/ml) and shared vocabulary (src/common), the companion, the CLI and the offline plugin
// checks run in plain Node.
const nodeRoots = [
  '<rootDir>/src/ml/',
  '<rootDir>/src/engine/',
  '<rootDir>/src/common/',
  '<rootDir>/companion/',
  '<rootDir>/cli/',
  '<rootDir>/scripts/',
  '<rootDir>/tests/node/',
  '<rootDir>/tests/browser/',
  '<rootDir>/ebpf-stack/',
];

// Browser tests that render a panel, an editor or a page: run under React 18 and React 19.
const REACT19_TESTS = [
  'harness',
  'appPages',
  'datasource',
  'ebpf',
  'panels.anomaly',
  'panels.forecast',
  'panels.fieldConfig',
  'panels.warmup',
  'panels.leadIn',
  'panels.plainSource',
];

module.exports = {
  // Tests assert behaviour, never time (timings live in `npm run bench`): this per-test and per-hook
  // limit (a global option, not a project one) only stops a hang, so a slow but correct run on a busy
  // machine passes. Waits inside tests poll a condition (tests/support/until.ts), bounded the same way.
  testTimeout: 10 * 60_000,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  projects: [
    {
      ...base,
      displayName: 'ui',
      // Offline plugin checks load built modules with the real Grafana packages, which need a DOM.
      testMatch: [...base.testMatch, '<rootDir>/tests/plugin/**/*.test.{ts,tsx}'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/src/ml/', '<rootDir>/src/engine/', '<rootDir>/src/common/'],
    },
    {
      ...base,
      displayName: 'node',
      // (The browser tests below run here in the React 18 host, and again in the React 19 host.)
      testEnvironment: 'node',
      setupFiles: ['<rootDir>/tests/node/mlRuntime.setup.ts'],
      setupFilesAfterEnv: [],
      testMatch: nodeRoots.map((r) => `${r}**/*.test.{ts,tsx,js,mjs}`),
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    },
    {
      ...base,
      // The same browser tests of every panel, editor and page, in the harness's second host: React 19
      // and the @grafana/* 13.2 runtime packages (harness/hosts.ts), as Grafana 13.2 runs plugins.
      displayName: 'browser-react19',
      testEnvironment: 'node',
      setupFiles: ['<rootDir>/tests/node/mlRuntime.setup.ts', '<rootDir>/tests/browser/react19Host.setup.ts'],
      setupFilesAfterEnv: [],
      testMatch: REACT19_TESTS.map((t) => `<rootDir>/tests/browser/${t}.test.ts`),
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    },
  ],
};
