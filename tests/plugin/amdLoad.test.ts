/**
 * Every built module.js loads through an AMD loader with Grafana's externals resolved to the real
 * npm packages and exports `plugin` of the right class; broken copies show the check can fail.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModules } from '../../scripts/plugin-checks';
import { copyOfDist, requireDist } from './distFixture';

it('loads all four modules and finds AppPlugin, DataSourcePlugin and PanelPlugin exports', () => {
  expect(checkModules(requireDist())).toEqual([]);
});

describe('the AMD check fails on a deliberately broken copy', () => {
  it('when a panel module exports a data source plugin', () => {
    const dist = copyOfDist();
    copyFileSync(join(dist, 'datasource/module.js'), join(dist, 'panels/forecast/module.js'));
    expect(checkModules(dist)).toEqual([
      {
        file: 'panels/forecast/module.js',
        check: 'amd',
        message: 'exports a DataSourcePlugin, expected a PanelPlugin (plugin.json type "panel")',
      },
    ]);
  });

  it('when a module depends on a package Grafana does not provide', () => {
    const dist = copyOfDist();
    writeFileSync(join(dist, 'panels/anomaly/module.js'), 'define(["left-pad"], function (lp) { return { plugin: lp }; });');
    const [problem] = checkModules(dist);
    expect(problem.file).toBe('panels/anomaly/module.js');
    expect(problem.message).toMatch(/depends on "left-pad", which Grafana does not provide/);
  });

  it('when a module is not AMD at all', () => {
    const dist = copyOfDist();
    writeFileSync(join(dist, 'module.js'), 'window.plugin = 1;');
    expect(checkModules(dist)[0].message).toMatch(/did not call define\(\): not an AMD module/);
  });
});
