// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

// Two projects: React/Grafana code runs in jsdom as create-plugin intends; the framework-free
// engine (src/ml), the companion, the CLI and the offline plugin checks run in plain Node.
const nodeRoots = [
  '<rootDir>/src/ml/',
  '<rootDir>/companion/',
  '<rootDir>/scripts/',
  '<rootDir>/tests/node/',
  '<rootDir>/tests/browser/',
  '<rootDir>/ebpf-stack/',
];

module.exports = {
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  projects: [
    {
      ...base,
      displayName: 'ui',
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/src/ml/'],
    },
    {
      ...base,
      displayName: 'node',
      testEnvironment: 'node',
      setupFilesAfterEnv: [],
      testMatch: nodeRoots.map((r) => `${r}**/*.test.{ts,tsx,js,mjs}`),
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    },
  ],
};
