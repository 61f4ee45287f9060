/**
 * The sparkline's forecast agrees with the time cell: api-1's leak in the demo (+1,663 B/s, 708 MB,
 * restarted every 3.5 d, the next restart 19.2 h ahead; the companion's answer at the preview's
 * incident time) reads "not full before the next reset", so its line must end at that reset below the
 * 1 GB limit; Sen's line over the 7 days ahead would cross it at 1.71 GB.
 */
import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import type { CompanionClient } from './companionClient';
import { Sparkline, type SparklineProps } from './Sparkline';

const NOW = 1_796_489_280;
const SLOPE = 1663;
const LAST = 707.6e6;

/** A client whose range query answers 72 hourly points of a steady rise to LAST at NOW. */
const client = {
  range: async () => [
    {
      labels: {},
      times: Array.from({ length: 72 }, (_, i) => NOW - (71 - i) * 3600),
      values: Array.from({ length: 72 }, (_, i) => LAST - SLOPE * (71 - i) * 3600),
    },
  ],
} as unknown as CompanionClient;

const props: SparklineProps = {
  client,
  expr: 'process_resident_memory_bytes{instance="api-1:8080"}',
  now: NOW,
  capacity: 1e9,
  seconds: Infinity,
  lower: Infinity,
  upper: Infinity,
  slope: SLOPE,
  direction: 'up',
  color: 'gray',
};

const y = (id: string, attr: 'y1' | 'y2') => Number(screen.getByTestId(id).getAttribute(attr));

it('a leak restarted before its limit: the forecast ends at the next reset, below the limit', async () => {
  render(<Sparkline {...props} nextReset={NOW + 69_120} />);
  await waitFor(() => screen.getByTestId('bw-sparkline'));
  // SVG y grows downward: below the limit is a larger y.
  expect(y('bw-sparkline-forecast', 'y2')).toBeGreaterThan(y('bw-sparkline-capacity', 'y1'));
  const x2 = Number(screen.getByTestId('bw-sparkline-forecast').getAttribute('x2'));
  expect(Number(screen.getByTestId('bw-sparkline-reset').getAttribute('x1'))).toBe(x2);
  // 3 days of history and 7 ahead on 180 px: the reset 19.2 h after now.
  expect(x2).toBeCloseTo(((3 * 86400 + 69_120) / (10 * 86400)) * 180, 1);
});

it('no crossing declared and no reset known: no forecast line that would cross the limit', async () => {
  render(<Sparkline {...props} />);
  await waitFor(() => screen.getByTestId('bw-sparkline'));
  expect(screen.queryByTestId('bw-sparkline-forecast')).toBeNull();
});

it('a declared crossing: the line reaches the limit at that time', async () => {
  render(<Sparkline {...props} seconds={2 * 86400} lower={1.5 * 86400} upper={3 * 86400} />);
  await waitFor(() => screen.getByTestId('bw-sparkline'));
  expect(y('bw-sparkline-forecast', 'y2')).toBe(y('bw-sparkline-capacity', 'y1'));
  expect(screen.queryByTestId('bw-sparkline-reset')).toBeNull();
});
