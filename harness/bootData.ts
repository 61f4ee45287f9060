// @grafana/runtime reads window.grafanaBootData when it is imported; Grafana's server injects it.
// The harness provides the few settings the runtime needs to start without a server.
(window as any).grafanaBootData = {
  settings: {
    buildInfo: { version: process.env.HARNESS_GRAFANA_VERSION ?? '12.4.2', edition: 'Open Source', commit: 'harness', env: 'production' },
    featureToggles: {},
    datasources: {},
    panels: {},
    apps: {},
    theme2: undefined,
    bootData: {},
  },
  user: { theme: 'dark', timezone: 'utc', orgRole: 'Admin', locale: 'en-US', language: 'en-US' },
  navTree: [],
};
