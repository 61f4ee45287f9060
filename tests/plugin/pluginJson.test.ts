/**
 * Static checks of the built plugin.json files, and proof on broken copies that each check fails.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPluginJsons, findModules, findPluginJsons } from '../../scripts/plugin-checks';
import { copyOfDist, requireDist } from './distFixture';

function edit(file: string, change: (json: any) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  change(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
}

describe('built plugin', () => {
  it('has four plugin.json and four module.js files: the app, the data source and two panels', () => {
    const dist = requireDist();
    const ids = findPluginJsons(dist).map((f) => JSON.parse(readFileSync(f, 'utf8')).id).sort();
    expect(ids).toEqual(['bellwether-aiops-app', 'bellwether-anomaly-panel', 'bellwether-forecast-panel', 'bellwether-ml-datasource']);
    expect(findModules(dist)).toHaveLength(4);
  });

  it('passes the schema, path and placeholder checks', () => {
    expect(checkPluginJsons(requireDist())).toEqual([]);
  });

  it('lists every nested plugin in the app by type and path', () => {
    const app = JSON.parse(readFileSync(join(requireDist(), 'plugin.json'), 'utf8'));
    const nested = app.includes.filter((i: any) => i.type !== 'page' && i.type !== 'dashboard').map((i: any) => [i.type, i.path]);
    expect(nested).toEqual([
      ['datasource', 'datasource/plugin.json'],
      ['panel', 'panels/anomaly/plugin.json'],
      ['panel', 'panels/forecast/plugin.json'],
    ]);
  });
});

describe('each check fails on a deliberately broken copy', () => {
  let dist: string;
  beforeEach(() => {
    dist = copyOfDist();
  });

  it('schema: an id with two middle words and a missing info block', () => {
    edit(join(dist, 'panels/anomaly/plugin.json'), (j) => {
      j.id = 'bellwether-anomaly-overlay-panel';
      delete j.info;
    });
    const problems = checkPluginJsons(dist).filter((p) => p.check === 'schema');
    expect(problems.map((p) => p.file)).toEqual(['panels/anomaly/plugin.json', 'panels/anomaly/plugin.json']);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/\/id must match pattern/);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/must have required property 'info'/);
  });

  it('paths: a nested logo and an included plugin.json that do not exist', () => {
    rmSync(join(dist, 'datasource/img/logo.svg'));
    edit(join(dist, 'plugin.json'), (j) => j.includes.push({ type: 'panel', name: 'Ghost', path: 'panels/ghost/plugin.json' }));
    const problems = checkPluginJsons(dist).filter((p) => p.check === 'paths');
    expect(problems).toEqual([
      { file: 'datasource/plugin.json', check: 'paths', message: 'names "img/logo.svg", which does not exist next to it' },
      { file: 'plugin.json', check: 'paths', message: 'names "panels/ghost/plugin.json", which does not exist next to it' },
    ]);
  });

  it('placeholders: %VERSION% and %TODAY% left in a plugin.json', () => {
    edit(join(dist, 'panels/forecast/plugin.json'), (j) => {
      j.info.version = '%VERSION%';
      j.info.updated = '%TODAY%';
    });
    const problems = checkPluginJsons(dist).filter((p) => p.check === 'placeholders');
    expect(problems.map((p) => p.message)).toEqual(['still contains %VERSION%', 'still contains %TODAY%']);
  });
});
