/**
 * The home page's sections when every query failed (companion or upstream down): the errors say so,
 * and no line says "nothing matched" or "0 of 0 series anomalous", which read as all clear.
 */
import React from 'react';
import { render, screen } from '@testing-library/react';
import { AnomalousSection } from './AnomalousSection';
import { RunningOutSection } from './RunningOutSection';
import { FILESYSTEMS } from './selectors';

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
  render(<RunningOutSection pairs={[{ pair: FILESYSTEMS, rows: [] }]} client={undefined} dsUid="ml" now={1_800_000_000} sort="tte" page={1} onSort={() => {}} onPage={() => {}} />);
  expect(screen.getByTestId('bw-home-ro-empty')).toHaveTextContent('Nothing to forecast: no capacity series matched.');
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
      onSelectors={() => {}}
    />
  );
  expect(screen.getByTestId('bw-home-an-summary')).toHaveTextContent(/^0 of 3 series anomalous now/);
});
