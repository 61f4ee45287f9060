import { currentRuns, loadSelector, SCAN_STALL_RETRIES } from './anomalous';
import type { CompanionClient } from './companionClient';
import { GOLDEN_SIGNALS, parseSignal, type SignalSelector } from './selectors';
import { partialAnswerWarning } from '../../engine/warnings';

// A one-minute `for` (as the shipped p99 latency alert's): a run of two points or more fires.
const sel = { title: 'CPU', expr: 'cpu', forS: 60 };
const part = (labels: Record<string, string>, times: number[]) => ({ labels, times, values: times.map(() => 0.9) });

describe('current anomaly runs from explain-labelled parts', () => {
  it('finds series anomalous at the end, how long, the kind and the members', () => {
    const times = [0, 60, 120, 180, 240, 300];
    const parts = [
      part({ instance: 'a' }, [0, 60, 120]),
      part({ instance: 'a', anomaly_kind: 'level_shift', anomaly_fired: 'mad,holtwinters' }, [180, 240, 300]),
      part({ instance: 'b' }, times.slice(0, 5)),
      part({ instance: 'b', anomaly_kind: 'spike' }, [300]),
      part({ instance: 'c', anomaly_kind: 'spike' }, [120]),
      part({ instance: 'c' }, [0, 60, 180, 240, 300]),
    ];
    const { rows, pendingRuns, matched } = currentRuns(sel, parts, 300, 60, 0);
    expect(matched).toBe(3);
    expect(rows.map((r) => [r.labels.instance, r.sinceS, r.kind, r.fired, r.longer])).toEqual([
      ['a', 180, 'level_shift', ['mad', 'holtwinters'], false],
    ]);
    // b's one-point run has held for no time: its alert is pending, so it is counted, not listed.
    expect(pendingRuns.map((r) => [r.labels.instance, r.sinceS, r.kind])).toEqual([['b', 60, 'spike']]);
  });

  it("lists a run only once it has lasted the shipped alert's for: 5 min for CPU and unruled signals, 1 min for p99 latency", () => {
    // The demo's healthy web-2 and db-1 cross 0.76 for single minutes; a CPU saturation lasts tens of minutes.
    const end = 7200;
    const run = (instance: string, points: number) => [
      part({ instance }, [0]),
      part(
        { instance, anomaly_kind: 'spike' },
        Array.from({ length: points }, (_, i) => end - 60 * (points - 1 - i))
      ),
    ];
    const parts = [...run('blip', 1), ...run('five', 5), ...run('six', 6)];
    const listed = (selector: SignalSelector) => {
      const { rows, pendingRuns } = currentRuns(selector, parts, end, 60, 0);
      return { rows: rows.map((r) => r.labels.instance), pending: pendingRuns.map((r) => r.labels.instance) };
    };
    const cpu = GOLDEN_SIGNALS.find((s) => s.title === 'CPU')!;
    const latency = GOLDEN_SIGNALS.find((s) => s.title === 'Latency p99')!;
    const memory = GOLDEN_SIGNALS.find((s) => s.title === 'Memory')!;
    // for: 5m holds from the first of six 1-minute points to the last.
    expect(listed(cpu)).toEqual({ rows: ['six'], pending: ['blip', 'five'] });
    expect(listed(memory)).toEqual({ rows: ['six'], pending: ['blip', 'five'] });
    expect(listed(parseSignal('mine=my_metric'))).toEqual({ rows: ['six'], pending: ['blip', 'five'] });
    expect(listed(latency)).toEqual({ rows: ['five', 'six'], pending: ['blip'] });
  });

  it('marks a run that reaches the start of the look-back as possibly longer', () => {
    const { rows } = currentRuns(sel, [part({ instance: 'a', anomaly_kind: 'spike' }, [0, 60, 120])], 120, 60, 0);
    expect(rows[0].sinceS).toBe(180);
    expect(rows[0].longer).toBe(true);
  });
});

describe('the scan of a selector in shards', () => {
  const NOW = 7_200_000;
  const end = NOW;
  const times = Array.from({ length: 121 }, (_, i) => end - 7200 + 60 * i);
  // 250 series on 250 instances: shards of at most 100 (four, by hash); every 10th anomalous over the last 5 minutes.
  const listed = Array.from({ length: 250 }, (_, i) => ({
    __name__: 'cpu',
    instance: `n${String(i).padStart(3, '0')}`,
  }));
  const answer = (instances: string[]) =>
    instances.flatMap((instance) =>
      Number(instance.slice(1)) % 10 === 0
        ? [
            part({ instance }, times.slice(0, -5)),
            part({ instance, anomaly_kind: 'spike', anomaly_fired: 'mad' }, times.slice(-5)),
          ]
        : [part({ instance }, times)]
    );
  /** A client whose shard holding n100 times out, as a busy companion that never gets to it. */
  const queries: string[][] = [];
  const client = {
    series: async () => listed,
    scan: async (query: string) => {
      const instances = /instance=~"([^"]+)"/.exec(query)![1].split('|');
      queries.push(instances);
      if (instances.includes('n100')) {
        throw new Error('query timed out in query execution (limit 60s)');
      }
      return { series: answer(instances), warnings: [] };
    },
  };

  it('keeps the rows of the shards that answered and counts what a timed-out shard left out', async () => {
    const seen: Array<[number, number, number]> = [];
    const r = await loadSelector(client as unknown as CompanionClient, sel, NOW, (p) =>
      seen.push([p.result.rows.length, p.done, p.total])
    );
    // Every instance asked; the shard with n100 timed out, was asked again SCAN_STALL_RETRIES times, and failed.
    expect([...new Set(queries.flat())].sort()).toEqual(listed.map((x) => x.instance));
    expect(queries.length).toBe(4 + SCAN_STALL_RETRIES);
    const failed = queries.find((q) => q.includes('n100'))!;
    const scored = 250 - failed.length;
    const anomalous = listed.map((x) => x.instance).filter((x) => Number(x.slice(1)) % 10 === 0 && !failed.includes(x));
    expect(r.rows.map((x) => x.labels.instance).sort()).toEqual(anomalous);
    expect(r.matched).toBe(250);
    expect(r.scored).toBe(scored);
    expect(r.error).toBe(
      `CPU: 1 of 4 scan queries failed; ${scored} of 250 series scored, the anomalous among them shown: query timed out in query execution (limit 60s)`
    );
    // The table grows shard by shard: nothing, then each shard's rows as it answers.
    expect(seen[0]).toEqual([0, 0, 250]);
    expect(seen.map(([rows]) => rows)).toEqual([...seen.map(([rows]) => rows)].sort((a, b) => a - b));
    expect(seen[seen.length - 1]).toEqual([anomalous.length, scored, 250]);
  });
});

describe('a scan the companion answers in parts', () => {
  const NOW = 7_200_000;
  const times = Array.from({ length: 121 }, (_, i) => NOW - 7200 + 60 * i);
  const listed = Array.from({ length: 250 }, (_, i) => ({
    __name__: 'cpu',
    instance: `n${String(i).padStart(3, '0')}`,
  }));
  const answer = (instances: string[]) =>
    instances.map((instance) =>
      part(Number(instance.slice(1)) % 10 === 0 ? { instance, anomaly_kind: 'spike' } : { instance }, times)
    );

  it('asks a shard again while its answer is partial, says how many are pending, and ends complete', async () => {
    const tries = new Map<string, number>();
    // As the companion at its query timeout: 30 more series of the shard each time, the rest counted.
    const client = {
      series: async () => listed,
      scan: async (query: string) => {
        const instances = /instance=~"([^"]+)"/.exec(query)![1].split('|');
        const n = (tries.get(query) ?? 0) + 1;
        tries.set(query, n);
        const scored = instances.slice(0, 30 * n);
        const left = instances.length - scored.length;
        return { series: answer(scored), warnings: left > 0 ? [partialAnswerWarning(left, instances.length)] : [] };
      },
    };
    const seen: Array<{ pending?: number; scored?: number }> = [];
    const r = await loadSelector(client as unknown as CompanionClient, sel, NOW, (p) =>
      seen.push({ pending: p.result.pending, scored: p.result.scored })
    );
    expect(r.error).toBeUndefined();
    expect(r.pending).toBeUndefined();
    expect(r.scored).toBe(250);
    expect(r.rows).toHaveLength(25);
    // Some shard needed more than one try, and the progress said how many series were pending.
    expect(Math.max(...tries.values())).toBeGreaterThan(1);
    const partial = seen.filter((p) => (p.pending ?? 0) > 0);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.every((p) => p.scored! + p.pending! <= 250)).toBe(true);
  });

  it('stops asking a shard whose partial answers go no further, and says the rest were not scored', async () => {
    const client = {
      series: async () => listed,
      scan: async (query: string) => {
        const instances = /instance=~"([^"]+)"/.exec(query)![1].split('|');
        return {
          series: answer(instances.slice(0, 1)),
          warnings: [partialAnswerWarning(instances.length - 1, instances.length)],
        };
      },
    };
    const r = await loadSelector(client as unknown as CompanionClient, sel, NOW);
    expect(r.pending).toBeUndefined();
    expect(r.scored).toBeLessThan(250);
    expect(r.error).toBe(
      `CPU: ${r.scored} of 250 series scored, the anomalous among them shown; the rest were not scored within the companion's query timeout.`
    );
  });
});

describe('a selector the companion cannot read', () => {
  // The companion's answer to `anomaly_score(rate(foo[5m], "explain=true train=1d")`: its position
  // counts in the query the page built, not in what the user typed.
  const refusing = (message: string) =>
    ({
      series: async () => {
        throw new Error(message);
      },
      scan: async () => {
        throw new Error(message);
      },
    }) as unknown as CompanionClient;

  it('names the selector, drops the position in the wrapped query, and says where to correct it', async () => {
    const bad = { title: 'Bad', expr: 'rate(foo[5m]' };
    const r = await loadSelector(
      refusing('invalid parameter "query": 1:53: parse error: unexpected end of input: expected ")"'),
      bad,
      7_200_000
    );
    expect(r.error).toBe(
      'Bad: rate(foo[5m] is not a valid query (parse error: unexpected end of input: expected ")"); correct it under Selectors.'
    );
  });

  it('passes on other failures as they are', async () => {
    const r = await loadSelector(
      refusing('upstream http://p:9090 is unreachable: ECONNREFUSED'),
      { title: 'Bad', expr: 'rate(foo[5m])' },
      7_200_000
    );
    expect(r.error).toBe('Bad: upstream http://p:9090 is unreachable: ECONNREFUSED');
  });
});

describe("a row's own expression", () => {
  it('narrows a one-selector scan to the row with its UTF-8 label names quoted and its values escaped', async () => {
    const end = 7_200_000;
    const times = Array.from({ length: 10 }, (_, i) => end - 60 * (9 - i));
    const labels = { instance: 'n1', 'service.name': 'c"a\\rt' };
    const client = {
      series: async () => [{ __name__: 'cpu', ...labels }],
      scan: async () => ({ series: [part({ ...labels, anomaly_kind: 'spike' }, times)], warnings: [] }),
    };
    const r = await loadSelector(client as unknown as CompanionClient, sel, end);
    // Before, the one-selector path wrote `service.name="…"` unquoted: the Overlay link's query did not parse.
    expect(r.rows.map((x) => x.seriesExpr)).toEqual(['cpu{instance="n1", "service.name"="c\\"a\\\\rt"}']);
  });
});
