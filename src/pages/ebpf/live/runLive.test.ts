import { defaultLiveSettings, LiveSettings } from './agentMatchers';
import { errorToResponse, proxyQueryUrl } from './instantQuery';
import { runLive } from './runLive';

const vector = (v: string) => ({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1700000000, v] }] } });
const empty = { status: 'success', data: { resultType: 'vector', result: [] } };

const settings: LiveSettings = {
  platform: 'docker',
  agents: [
    { agent: 'Beyla', kind: 'ebpf', matchers: 'name="bw-beyla"' },
    { agent: 'Tetragon', kind: 'ebpf', matchers: 'name="bw-tetragon"' },
    { agent: 'Parca', kind: 'ebpf', matchers: '' },
  ],
  service: 'name="svc"',
  nodeLabel: 'instance',
  range: '1h',
};

describe('runLive', () => {
  it('turns each answer into a live figure in the figure unit, labelled with its query', async () => {
    const seen: Array<[string, number]> = [];
    const out = await runLive(
      settings,
      async (expr, t) => {
        seen.push([expr, t]);
        if (expr.includes('bw-tetragon')) {
          return empty;
        }
        if (expr.includes('container_memory_working_set_bytes')) {
          return vector('104857600'); // 100 MiB
        }
        return vector(expr.startsWith('100 *') ? '6.25' : '0.25');
      },
      1_700_000_000_000
    );
    expect(seen.every(([, t]) => t === 1_700_000_000)).toBe(true);
    // Parca has no matchers: not queried.
    expect(seen.some(([e]) => e.includes('parca'))).toBe(false);
    expect(out.rows.map((r) => r.agent)).toEqual(['Beyla', 'Tetragon']);
    const byMetric = Object.fromEntries(out.rows[0].figures.map((f) => [f.metric, f]));
    expect(byMetric.agentCpuCores.value).toBe(0.25);
    expect(byMetric.agentCpuPercentOfNode.value).toBe(6.25);
    expect(byMetric.agentMemoryMiBAvg.value).toBe(100);
    expect(byMetric.agentMemoryMiBMax.value).toBe(100);
    expect(byMetric.agentCpuCores.source).toEqual({ kind: 'live', query: out.queries.Beyla.agentCpuCores, evaluatedAt: 1_700_000_000_000 });
    // Tetragon's matchers select nothing: errors, never zeros; the service query still answers.
    expect(out.rows[1].figures.map((f) => f.metric)).toEqual(['serviceCpuCores']);
    expect(out.errors.Tetragon).toHaveLength(4);
    expect(out.errors.Tetragon[0]).toMatch(/no data/);
  });

  it('reports a Prometheus error body, a thrown transport error and bad matchers per agent', async () => {
    const out = await runLive(
      { ...settings, agents: [settings.agents[0], { agent: 'Bad', kind: 'ebpf', matchers: 'container=beyla' }] },
      async (expr) => {
        if (expr.includes('machine_cpu_cores')) {
          throw new Error('connection refused');
        }
        if (expr.includes('max_over_time')) {
          return { status: 'error', errorType: 'bad_data', error: 'parse error' };
        }
        return vector('1');
      },
      0
    );
    expect(out.errors.Beyla).toEqual(['agentCpuPercentOfNode: Prometheus error: connection refused', 'agentMemoryBytesMax: Prometheus error: parse error']);
    expect(out.rows[0].figures.map((f) => f.metric)).toEqual(['agentCpuCores', 'agentMemoryMiBAvg', 'serviceCpuCores']);
    expect(out.errors.Bad[0]).toMatch(/expected label="value" at position 0/);
  });

  it('stops at unusable service matchers', async () => {
    const out = await runLive({ ...settings, service: 'svc' }, async () => vector('1'), 0);
    expect(out.rows).toEqual([]);
    expect(out.errors.service[0]).toMatch(/service matchers/);
  });
});

describe('live helpers', () => {
  it('builds the data source proxy URL with the uid escaped', () => {
    expect(proxyQueryUrl('a b/c')).toBe('/api/datasources/proxy/uid/a%20b%2Fc/api/v1/query');
  });

  it('keeps a Prometheus error body and wraps other failures', () => {
    const body = { status: 'error', error: 'bad' };
    expect(errorToResponse({ status: 400, data: body })).toBe(body);
    expect(errorToResponse({ status: 502, statusText: 'Bad Gateway', data: '<html>' })).toEqual({ status: 'error', error: 'HTTP 502 Bad Gateway' });
  });

  it('offers every default agent of a platform with the service matchers', () => {
    const s = defaultLiveSettings('kubernetes');
    expect(s.agents.map((a) => a.agent)).toEqual(['Beyla', 'Tetragon', 'Parca', 'Pixie', 'OpenTelemetry Node.js agent']);
    expect(s.agents[4].kind).toBe('apm');
    expect(s.service).toBe('container="sample-service"');
  });

  it.each(['kubernetes', 'docker'] as const)(
    'on %s, gives the in-process Node.js agent no matcher (the collector is not the agent) and says why',
    async (platform) => {
      const s = defaultLiveSettings(platform);
      const otel = s.agents.find((a) => a.agent === 'OpenTelemetry Node.js agent')!;
      expect(otel.matchers).toBe('');
      expect(otel.note).toMatch(/inside the service's own process and container/);
      expect(s.agents.filter((a) => a.note).map((a) => a.agent)).toEqual(['OpenTelemetry Node.js agent']);
      // Nothing selects the collector's container as the agent's.
      const seen: string[] = [];
      await runLive(s, async (expr) => (seen.push(expr), empty), 0);
      expect(seen.some((e) => e.includes('otel'))).toBe(false);
    }
  );
});
