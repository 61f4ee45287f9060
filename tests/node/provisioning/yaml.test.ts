/**
 * The provisioning and compose files parse, and say what the local stack needs: the app enabled,
 * the three data sources (the companion one of type prometheus with POST and manageAlerts off),
 * a companion config that loads, and compose mounts that exist.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../companion/src/config/loadConfig';
import { COMPANION_CONFIG, filesUnder, PROVISIONING, provisionedDatasources, readYaml, ROOT } from './files';

const yamlFiles = [join(ROOT, 'docker-compose.yaml'), ...filesUnder(PROVISIONING, /\.ya?ml$/)];

it.each(yamlFiles.map((f) => [f.slice(ROOT.length + 1), f]))('%s parses as YAML', (_name, file) => {
  expect(readYaml(file)).toBeInstanceOf(Object);
});

it('enables the app', () => {
  const apps = readYaml(join(PROVISIONING, 'plugins', 'apps.yaml')).apps;
  expect(apps).toContainEqual(expect.objectContaining({ type: 'bellwether-aiops-app', disabled: false }));
});

it('provisions Prometheus, the Bellwether ML data source and the companion as a Prometheus data source', () => {
  const byName = Object.fromEntries(provisionedDatasources().map((d) => [d.name, d]));
  expect(byName['Prometheus']).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
  expect(byName['Bellwether ML']).toMatchObject({ type: 'bellwether-ml-datasource', jsonData: { companionUrl: 'http://companion:9091' } });
  expect(byName['Bellwether (Prometheus API)']).toMatchObject({
    type: 'prometheus',
    url: 'http://companion:9091',
    jsonData: { httpMethod: 'POST', manageAlerts: false },
  });
  const uids = provisionedDatasources().map((d) => d.uid);
  expect(new Set(uids).size).toBe(uids.length);
});

it('has a companion config that loads and points at the compose Prometheus', () => {
  const config = loadConfig(COMPANION_CONFIG, {});
  expect(config.upstream).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
  expect(config.listen).toEqual({ host: '0.0.0.0', port: 9091 });
  expect(config.rules.list.map((r) => r.name)).toEqual(['node_cpu', 'apiserver_latency_p99', 'node_filesystem', 'process_memory', 'pod_cpu']);
});

describe('docker-compose.yaml', () => {
  const compose = readYaml(join(ROOT, 'docker-compose.yaml'));

  it('runs Grafana (12.4.2 unless GRAFANA_VERSION says otherwise), Prometheus, node-exporter, the companion and the demo exporter', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['grafana', 'prometheus', 'node-exporter', 'companion', 'demo-exporter', 'demo-history', 'demo-backfill'])
    );
    expect(compose.services.grafana.build.args.grafana_version).toBe('${GRAFANA_VERSION:-12.4.2}');
    expect(compose.services.companion.command).toEqual(['serve', '--config', '/etc/bellwether/companion.yaml']);
    expect(compose.services['demo-exporter'].command[0]).toBe('demo-exporter');
  });

  it('mounts only files that exist, and builds from a Dockerfile that exists', () => {
    for (const [name, svc] of Object.entries<any>(compose.services)) {
      for (const v of svc.volumes ?? []) {
        const src = String(v).split(':')[0];
        if (src.startsWith('./')) {
          expect([name, src, existsSync(join(ROOT, src))]).toEqual([name, src, true]);
        }
      }
      if (svc.build?.dockerfile) {
        expect(existsSync(join(ROOT, svc.build.context, svc.build.dockerfile))).toBe(true);
      }
    }
  });

  it('has Prometheus scrape node-exporter, the companion and the demo exporter, with the rules mounted', () => {
    const prom = readYaml(join(PROVISIONING, 'prometheus', 'prometheus.yml'));
    const targets = prom.scrape_configs.flatMap((s: any) => s.static_configs.flatMap((c: any) => c.targets));
    expect(targets).toEqual(expect.arrayContaining(['node-exporter:9100', 'companion:9091', 'demo-exporter:9465']));
    expect(prom.rule_files).toEqual(['/etc/prometheus/rules/*.yml']);
    expect(compose.services.prometheus.volumes).toContain('./provisioning/prometheus/rules:/etc/prometheus/rules:ro');
  });

  it('sends the alerts to Alertmanager with the shipped routing, and runs vmalert on the companion under a profile', () => {
    const prom = readYaml(join(PROVISIONING, 'prometheus', 'prometheus.yml'));
    expect(prom.alerting.alertmanagers[0].static_configs[0].targets).toEqual(['alertmanager:9093']);
    expect(compose.services.alertmanager.volumes).toContain('./provisioning/alertmanager/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro');
    expect(compose.services.vmalert.profiles).toEqual(['vmalert']);
    expect(compose.services.vmalert.command).toEqual(
      expect.arrayContaining(['-datasource.url=http://companion:9091', '-notifier.url=http://alertmanager:9093'])
    );
    expect(compose.services.vmalert.volumes).toContain('./provisioning/vmalert:/etc/vmalert:ro');
  });
});
