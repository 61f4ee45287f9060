import { renderHook, waitFor } from '@testing-library/react';
import type { DataQueryRequest } from '@grafana/data';
import type { PanelSeries } from '../../components/charts/panelSeries';
import { DEFAULT_OPTIONS } from './types';
import { useForecasts } from './useForecasts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 1);

// The worker says the calls read from a week before the range; the fetch of that history then throws
// something unexpected (not an abort, not a failed answer the fetch reports itself).
jest.mock('../../worker/client', () => ({
  callWorker: jest.fn(async (method: string) => {
    const weekBefore = Date.UTC(2026, 0, 1) - 7 * 86_400_000;
    if (method === 'historyStart') {
      return weekBefore;
    }
    if (method === 'leadInReads') {
      return { from: weekBefore, fineFrom: weekBefore, coarseStep: 60_000, phases: [] };
    }
    throw new Error(`unexpected worker call ${method}`);
  }),
  WorkerCallError: class extends Error {},
}));
jest.mock('./trainingHistory', () => ({
  withHistoryBefore: jest.fn(async () => {
    throw new TypeError('frames is not iterable');
  }),
}));

describe('useForecasts when fetching the training history throws', () => {
  it('answers every series with the error instead of running forever', async () => {
    const t = Float64Array.from({ length: 1441 }, (_, i) => T0 + i * MIN);
    const s: PanelSeries = { name: 'disk', t, v: Float64Array.from(t, (_, i) => 1e12 - i * 1e5), derived: {} };
    const series = [s];
    const options = { ...DEFAULT_OPTIONS };
    const request = { targets: [{ refId: 'A' }] } as unknown as DataQueryRequest;
    const source = { rangeFrom: T0, request };
    const { result } = renderHook(() => useForecasts(series, options, 0, source));
    // On the old code the rejection was rethrown from the effect and the state stayed 'running'.
    await waitFor(() => expect(result.current.state).toBe('done'), { timeout: 60_000 });
    expect(result.current.results).toHaveLength(1);
    const f = result.current.results[0].forecast;
    expect(f?.ok).toBe(false);
    expect(f && !f.ok && f.message).toMatch(/could not compute: frames is not iterable/);
  }, 120_000);
});
