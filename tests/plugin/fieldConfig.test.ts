/**
 * The built panel modules offer Grafana's standard field options (unit, decimals, min, max, display
 * name, colour) and Grafana's legend options. Grafana fills the standard field option registry at
 * boot; here the harness's copy of it does (harness/standardFieldConfigs.ts). A plugin without
 * useFieldConfig gets an empty field config registry: the check can fail.
 */
import { join } from 'node:path';
import { PanelOptionsEditorBuilder, PanelPlugin, standardEditorsRegistry } from '@grafana/data';
import { loadAmdFile, resolveGrafanaExternal } from '../../scripts/plugin-checks/amd';
import { registerStandardFieldConfigs } from '../../harness/standardFieldConfigs';
import { requireDist } from './distFixture';

registerStandardFieldConfigs();
// The option editors Grafana registers at boot, as placeholders (only ids are looked up here).
standardEditorsRegistry.setInit(() =>
  ['boolean', 'number', 'radio', 'select', 'slider', 'stats-picker', 'text', 'unit'].map((id) => ({
    id,
    name: id,
    editor: () => null,
  }))
);

function panelPlugin(name: 'anomaly' | 'forecast'): PanelPlugin {
  const file = join(requireDist(), 'panels', name, 'module.js');
  return loadAmdFile(file, resolveGrafanaExternal).plugin as PanelPlugin;
}

const offered = (p: PanelPlugin) => p.fieldConfigRegistry.list().map((item) => item.id);

describe.each(['anomaly', 'forecast'] as const)('the %s panel', (name) => {
  it('offers unit, decimals, min, max, display name and colour in the field config', () => {
    const ids = offered(panelPlugin(name));
    expect(ids).toEqual(expect.arrayContaining(['unit', 'decimals', 'min', 'max', 'displayName', 'color']));
    // Options the panels do not draw are not offered.
    expect(ids).not.toContain('thresholds');
    expect(ids).not.toContain('links');
  });

  it('colours series from the classic palette by default, by series only', () => {
    const color = panelPlugin(name).fieldConfigRegistry.get('color');
    expect(color.defaultValue).toEqual({ mode: 'palette-classic' });
    expect(color.settings).toMatchObject({ byValueSupport: false, bySeriesSupport: true });
  });
});

it('the anomaly panel offers Grafana legend options: visibility, mode, placement, values', () => {
  const builder = new PanelOptionsEditorBuilder<any>();
  panelPlugin('anomaly').getPanelOptionsSupplier()(builder, { data: [] });
  const paths = builder.getItems().map((i) => i.path);
  expect(paths).toEqual(
    expect.arrayContaining(['legend.showLegend', 'legend.displayMode', 'legend.placement', 'legend.calcs'])
  );
  expect(paths).not.toContain('showLegend');
});

it('a panel without useFieldConfig offers no field options (what the panels did before)', () => {
  expect(offered(new PanelPlugin(() => null))).toEqual([]);
});
