// Grafana 13.2 removes `config.apps` and `config.panels`; @grafana/runtime >= 12.4 has helpers for
// both. React APIs that React 19 removed are caught in src/ by eslint-plugin-react's recommended
// rules (no-find-dom-node, no-string-refs, no-deprecated) and in the built bundles, libraries
// included, by scripts/react19/scan.ts.

/** ESLint flat configs that keep APIs removed in Grafana 13.2 out of the plugin's code. */
export function grafana13Configs() {
  return [
    {
      name: 'bellwether/grafana-13',
      files: ['src/**/*.{ts,tsx}'],
      rules: {
        'no-restricted-properties': [
          'error',
          {
            object: 'config',
            property: 'apps',
            message: 'Removed in Grafana 13.2: use isAppPluginInstalled / getAppPluginVersion / getAppPluginMeta from @grafana/runtime.',
          },
          {
            object: 'config',
            property: 'panels',
            message: 'Removed in Grafana 13.2: use isPanelPluginInstalled / getPanelPluginMeta from @grafana/runtime.',
          },
        ],
      },
    },
  ];
}
