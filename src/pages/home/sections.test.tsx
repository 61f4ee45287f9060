/**
 * The home page's sections when every query failed (companion or upstream down): the errors say so,
 * and no line says "nothing matched" or "0 of 0 series anomalous", which read as all clear.
 */
import React from 'react';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { AnomalousSection } from './AnomalousSection';
import { RunningOutSection } from './RunningOutSection';
import { CONTAINER_MEMORY, FILESYSTEMS, GOLDEN_SIGNALS } from './selectors';

const DOWN = 'upstream http://prometheus:9090 is unreachable: ECONNREFUSED';

it('Running out: a failed pair shows its error, not "no capacity series matched"', () => {
  render(
    <RunningOutSection
      pairs={[{ pair: FILESYSTEMS, rows: [], error: `Filesystems: ${DOWN}` }]}
      client={undefined}
      dsUid="ml"
      now={1_800_000_000}
      sort="tte"
      page={1}
      onSort={() => {}}
      onPage={() => {}}
    />
  );
  expect(screen.getByTestId('bw-home-ro-error')).toHaveTextContent(`Filesystems: ${DOWN}`);
  expect(screen.queryByTestId('bw-home-ro-empty')).toBeNull();
});

it('Running out: with no failure and no rows it still says nothing matched', () => {
  render(
    <RunningOutSection
      pairs={[{ pair: FILESYSTEMS, rows: [] }]}
      client={undefined}
      dsUid="ml"
      now={1_800_000_000}
      sort="tte"
      page={1}
      onSort={() => {}}
      onPage={() => {}}
    />
  );
  expect(screen.getByTestId('bw-home-ro-empty')).toHaveTextContent('Nothing to forecast: no capacity series matched.');
});

it('Running out: when every series was refused, the note says why and nothing says "no capacity series matched"', () => {
  const note = 'Filesystems: time_to_exhaustion: 2 of 2 series refused: {instance="a"}: limit 2 is above …';
  render(
    <RunningOutSection
      pairs={[{ pair: FILESYSTEMS, rows: [], note, refused: 2 }]}
      client={undefined}
      dsUid="ml"
      now={1_800_000_000}
      sort="tte"
      page={1}
      onSort={() => {}}
      onPage={() => {}}
    />
  );
  expect(screen.getByTestId('bw-home-ro-note')).toHaveTextContent(note);
  expect(screen.getByTestId('bw-home-ro-empty')).toHaveTextContent(
    'Nothing to forecast: every matched series was refused (see above).'
  );
});

it('Anomalous now: when every selector failed, no "0 of 0 series anomalous now"', () => {
  const cpu = { title: 'CPU', expr: 'cpu' };
  render(
    <AnomalousSection
      results={[{ selector: cpu, rows: [], matched: 0, error: `CPU: ${DOWN}` }]}
      soFar={undefined}
      waiting={false}
      selectors={[cpu]}
      custom={false}
      dsUid="ml"
      now={1796489280}
      onSelectors={() => {}}
    />
  );
  expect(screen.getByTestId('bw-home-an-error')).toHaveTextContent(`CPU: ${DOWN}`);
  expect(screen.queryByTestId('bw-home-an-summary')).toBeNull();
});

it('Anomalous now: when one selector answered, the summary counts its series', () => {
  const cpu = { title: 'CPU', expr: 'cpu' };
  const mem = { title: 'Memory', expr: 'mem' };
  render(
    <AnomalousSection
      results={[
        { selector: cpu, rows: [], matched: 0, error: `CPU: ${DOWN}` },
        { selector: mem, rows: [], matched: 3 },
      ]}
      soFar={undefined}
      waiting={false}
      selectors={[cpu, mem]}
      custom={false}
      dsUid="ml"
      now={1796489280}
      onSelectors={() => {}}
    />
  );
  expect(screen.getByTestId('bw-home-an-summary')).toHaveTextContent(/^0 of 3 series anomalous now/);
});

it('with the upstream down, one alert per section says the shared error once, with the count and the queries', () => {
  const selectors = GOLDEN_SIGNALS;
  const { unmount } = render(
    <RunningOutSection
      pairs={[FILESYSTEMS, CONTAINER_MEMORY].map((pair) => ({ pair, rows: [], error: `${pair.title}: ${DOWN}` }))}
      client={undefined}
      dsUid="ml"
      now={1_800_000_000}
      sort="tte"
      page={1}
      onSort={() => {}}
      onPage={() => {}}
    />
  );
  const ro = screen.getAllByTestId('bw-home-ro-error');
  expect(ro).toHaveLength(1);
  expect(ro[0]).toHaveTextContent(`${DOWN} (2 queries: Filesystems, Container memory)`);
  unmount();
  render(
    <AnomalousSection
      results={selectors.map((selector) => ({ selector, rows: [], matched: 0, error: `${selector.title}: ${DOWN}` }))}
      soFar={undefined}
      waiting={false}
      selectors={selectors}
      custom={false}
      dsUid="ml"
      now={1796489280}
      onSelectors={() => {}}
    />
  );
  const an = screen.getAllByTestId('bw-home-an-error');
  expect(an).toHaveLength(1);
  expect(an[0]).toHaveTextContent(`${DOWN} (${selectors.length} queries: ${selectors.map((s) => s.title).join(', ')})`);
});

it('errors that differ are each said, with their own title', () => {
  render(
    <AnomalousSection
      results={[
        { selector: { title: 'CPU', expr: 'cpu' }, rows: [], matched: 0, error: `CPU: ${DOWN}` },
        { selector: { title: 'Memory', expr: 'mem(' }, rows: [], matched: 0, error: 'Memory: parse error' },
      ]}
      soFar={undefined}
      waiting={false}
      selectors={[]}
      custom={false}
      dsUid="ml"
      now={1796489280}
      onSelectors={() => {}}
    />
  );
  expect(screen.getAllByTestId('bw-home-an-error').map((e) => e.textContent)).toEqual([
    `CPU: ${DOWN}`,
    'Memory: parse error',
  ]);
});

it('Anomalous now: while shards are asked again after partial answers, it says how many are scored of how many, and that it retries', () => {
  const selector = { title: 'CPU', expr: 'cpu' };
  render(
    <AnomalousSection
      results={undefined}
      soFar={{ results: [{ selector, rows: [], matched: 2000, scored: 700, pending: 1300 }], done: 700, total: 2000 }}
      waiting={false}
      selectors={[selector]}
      custom={false}
      dsUid="ml"
      now={1796489280}
      onSelectors={() => {}}
    />
  );
  expect(screen.getByTestId('bw-home-an-loading')).toHaveTextContent(
    'Scored 700 of 2,000 series; the rest are still being scored (retrying'
  );
  expect(screen.queryByTestId('bw-home-an-summary')).toBeNull();
});

describe('Running out: a leak read as restarting (one reset seen)', () => {
  const D = 86_400;
  const row = (segmentAloneSeconds?: number) => ({
    labels: { instance: 'w-1:8080' },
    seconds: Infinity,
    lower: Infinity,
    upper: Infinity,
    gate: { slope: 15_000, pValue: 1e-6, alpha: 0.005, acrossDays: false, significant: true },
    sinceReset: true,
    verdict: 'no_trend' as const,
    nextReset: 1_800_000_000 + D,
    resetsSeen: 1,
    ...(segmentAloneSeconds === undefined ? {} : { segmentAloneSeconds }),
    pair: CONTAINER_MEMORY,
    query: '',
    seriesExpr: 'process_resident_memory_bytes{instance="w-1:8080"}',
  });
  // The row's links are router links.
  const show = (r: ReturnType<typeof row>) =>
    render(
      <MemoryRouter>
        <RunningOutSection
          pairs={[{ pair: CONTAINER_MEMORY, rows: [r] }]}
          client={undefined}
          dsUid="ml"
          now={1_800_000_000}
          sort="tte"
          page={1}
          onSort={() => {}}
          onPage={() => {}}
        />
      </MemoryRouter>
    );

  it('the row says the crossing the reset ahead denied, in the words of the API, the CLI and the panel', () => {
    show(row(2.4 * D));
    const cell = screen.getByTestId('bw-home-ro-alone').closest('td')!;
    expect(cell).toHaveTextContent(
      /^not full before the next reset, if one comes \(one seen\)alone would reach the limit in 2\.4 d$/
    );
  });

  it('without a denied crossing, or with resets that recur (their own warning words it), no such line', () => {
    show(row());
    expect(screen.queryByTestId('bw-home-ro-alone')).toBeNull();
    show({ ...row(2.4 * D), resetsSeen: 4 });
    expect(screen.queryByTestId('bw-home-ro-alone')).toBeNull();
  });
});

it("Anomalous now: a run shorter than its alert's `for` is named as pending, not listed as anomalous", () => {
  const cpu = GOLDEN_SIGNALS[0];
  const run = (instance: string, sinceS: number) => ({
    selector: cpu,
    labels: { instance },
    sinceS,
    longer: false,
    kind: 'spike',
    fired: ['mad'],
    score: 0.8,
    seriesExpr: cpu.expr,
  });
  render(
    <MemoryRouter>
      <AnomalousSection
        results={[{ selector: cpu, rows: [run('web-1', 1800)], pendingRuns: [run('web-2', 60)], matched: 3 }]}
        soFar={undefined}
        waiting={false}
        selectors={[cpu]}
        custom={false}
        dsUid="ml"
        now={1796489280}
        onSelectors={() => {}}
      />
    </MemoryRouter>
  );
  expect(screen.getAllByTestId('bw-home-an-row').map((r) => r.textContent)).toEqual([
    expect.stringContaining('instance=web-1'),
  ]);
  expect(screen.getByTestId('bw-home-an-summary')).toHaveTextContent(/^1 of 3 series anomalous now/);
  expect(screen.getByTestId('bw-home-an-pending')).toHaveTextContent(
    "Pending, not listed: 1 series anomalous for less than its alert's `for` (CPU: 5 min): CPU instance=web-2 (1 min)."
  );
});
