/**
 * The dashboards the app ships (src/dashboards, included through src/plugin.json) use only panel
 * types Grafana has built in or that we ship, reach data sources only through data source template
 * variables (never a fixed uid) of types that are provisioned, and their queries on the companion
 * parse with the companion's parser.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuery } from '../../../companion/src/query/parser';
import { DASHBOARDS, filesUnder, provisionedDatasources, ROOT } from './files';

/** Grafana's built-in panel types the dashboards may use. */
const BUILTIN_PANELS = ['timeseries', 'table', 'stat', 'gauge', 'bargauge', 'text', 'row'];
const pluginIds = filesUnder(join(ROOT, 'src'), /^plugin\.json$/)
  .map((f) => JSON.parse(readFileSync(f, 'utf8')))
  .filter((p) => p.type === 'panel')
  .map((p) => p.id as string);
const appJson = JSON.parse(readFileSync(join(ROOT, 'src', 'plugin.json'), 'utf8'));
const provisionedTypes = new Set(provisionedDatasources().map((d) => d.type));
const dashboards = filesUnder(DASHBOARDS, /\.json$/).map((f) => ({ file: f.slice(ROOT.length + 1), json: JSON.parse(readFileSync(f, 'utf8')) }));

/** Every data source reference in a dashboard, with where it was found. */
function datasourceRefs(d: any): Array<{ at: string; ref: any }> {
  const refs: Array<{ at: string; ref: any }> = [];
  for (const v of d.templating.list) {
    if (v.datasource) {
      refs.push({ at: `variable ${v.name}`, ref: v.datasource });
    }
  }
  for (const p of d.panels) {
    if (p.datasource) {
      refs.push({ at: `panel ${p.title}`, ref: p.datasource });
    }
    for (const t of p.targets ?? []) {
      if (t.datasource) {
        refs.push({ at: `panel ${p.title} query ${t.refId}`, ref: t.datasource });
      }
    }
  }
  return refs;
}

it('the app includes every dashboard file, and only existing ones', () => {
  const included = appJson.includes.filter((i: any) => i.type === 'dashboard').map((i: any) => `src/${i.path}`);
  expect(included.sort()).toEqual(dashboards.map((d) => d.file).sort());
});

it('ships the three dashboards the docs describe', () => {
  expect(dashboards.map((d) => d.json.uid).sort()).toEqual(['bellwether-capacity', 'bellwether-ebpf-overhead', 'bellwether-node-overview']);
});

/** What is wrong with a dashboard: panel types, data source references, companion queries. */
function problems(d: any): string[] {
  const out: string[] = [];
  const dsVars = new Map<string, string>(d.templating.list.filter((v: any) => v.type === 'datasource').map((v: any) => [v.name, v.query]));
  for (const p of d.panels) {
    if (![...BUILTIN_PANELS, ...pluginIds].includes(p.type)) {
      out.push(`panel ${p.title}: type ${p.type} is neither built into Grafana nor shipped by us`);
    }
  }
  for (const { at, ref } of datasourceRefs(d)) {
    const m = /^\$\{(\w+)\}$/.exec(ref.uid ?? '');
    if (!m) {
      out.push(`${at}: data source uid ${JSON.stringify(ref.uid)} is not a data source variable`);
    } else if (dsVars.get(m[1]) !== ref.type) {
      out.push(`${at}: variable ${m[1]} is not a data source variable of type ${ref.type}`);
    } else if (!provisionedTypes.has(ref.type)) {
      out.push(`${at}: no data source of type ${ref.type} is provisioned`);
    }
  }
  for (const p of d.panels) {
    if (p.datasource?.uid !== '${bellwether}') {
      continue;
    }
    for (const t of p.targets) {
      // Grafana substitutes template variables before the query leaves; "$x" becomes a regex value.
      const expr = String(t.expr).replace(/\$\{?(\w+)\}?/g, '.*');
      try {
        parseQuery(expr);
      } catch (err) {
        out.push(`panel ${p.title} query ${t.refId}: ${(err as Error).message}`);
      }
    }
  }
  return out;
}

describe.each(dashboards.map((d) => [d.file, d.json]))('%s', (_file, d: any) => {
  it('uses only known panel types, data source variables of provisioned types, and queries the companion parses', () => {
    expect(datasourceRefs(d).length).toBeGreaterThan(0);
    expect(problems(d)).toEqual([]);
  });

  it('uses our panels, and our functions on the companion', () => {
    expect(d.panels.some((p: any) => p.type.startsWith('bellwether-'))).toBe(true);
    const companionQueries = d.panels.filter((p: any) => p.datasource?.uid === '${bellwether}').flatMap((p: any) => p.targets.map((t: any) => t.expr));
    expect(companionQueries.some((q: string) => parseQuery(q.replace(/\$\{?(\w+)\}?/g, '.*')).kind === 'derived')).toBe(true);
  });

  it('has unique panel ids and a layout for every panel', () => {
    const ids = d.panels.map((p: any) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of d.panels) {
      expect(p.gridPos).toEqual({ x: expect.any(Number), y: expect.any(Number), w: expect.any(Number), h: expect.any(Number) });
    }
  });
});

describe('the check fails on broken copies', () => {
  const base = () => JSON.parse(JSON.stringify(dashboards.find((d) => d.json.uid === 'bellwether-node-overview')!.json));

  it('flags a fixed data source uid', () => {
    const d = base();
    d.panels[0].datasource = { type: 'prometheus', uid: 'bellwether-prom' };
    expect(problems(d)).toEqual([`panel ${d.panels[0].title}: data source uid "bellwether-prom" is not a data source variable`]);
  });

  it('flags a panel type we do not ship', () => {
    const d = base();
    d.panels[0].type = 'bellwether-heatmap-panel';
    expect(problems(d)).toEqual([`panel ${d.panels[0].title}: type bellwether-heatmap-panel is neither built into Grafana nor shipped by us`]);
  });

  it('flags a data source type that is not provisioned', () => {
    const d = base();
    d.templating.list.push({ name: 'loki', type: 'datasource', query: 'loki' });
    d.panels[0].datasource = { type: 'loki', uid: '${loki}' };
    expect(problems(d)).toEqual([`panel ${d.panels[0].title}: no data source of type loki is provisioned`]);
  });

  it('flags a companion query its parser rejects', () => {
    const d = base();
    d.panels[0].targets[1].expr = 'anomaly_upper()';
    expect(problems(d)).toHaveLength(1);
    expect(problems(d)[0]).toMatch(/query B: .*anomaly_upper\(\) expects a PromQL expression/);
  });
});
