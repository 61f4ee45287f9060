import { DENIED_CROSSING, DENIED_CROSSING_CODE } from './engineCalls';
import { forecastFailure, panelNotes, trainingNote } from './messages';
import { SeriesForecast } from './useForecasts';

const ok = { forecast: { ok: true, value: {} } } as SeriesForecast;
const fail = (code: string, message: string) => ({ forecast: { ok: false, code, message } }) as SeriesForecast;

describe('forecastFailure', () => {
  it('says nothing while at least one series has a forecast, or there is no series', () => {
    expect(forecastFailure([fail('engine', 'x'), ok])).toBeUndefined();
    expect(forecastFailure([])).toBeUndefined();
  });
  it('gives the first failure, how many more failed, and what to do', () => {
    expect(forecastFailure([fail('not_enough_data', 'needs 10 points, got 2.'), fail('engine', 'y')])).toEqual({
      kind: 'too-short',
      title: 'Not enough data to forecast',
      detail: 'needs 10 points, got 2 (and 1 more series). Widen the time range or choose another model.',
    });
    expect(forecastFailure([fail('bad_input', 'horizon "x" is not a duration')])).toEqual({
      kind: 'engine-error',
      title: 'The model could not forecast this data',
      detail: 'horizon "x" is not a duration. Widen the time range or choose another model.',
    });
  });
});

describe('a forecast withheld beside no trend toward the limit', () => {
  it('is no failure: the panel keeps its chart, readout and note rather than "could not forecast"', () => {
    // useForecasts' answer for a series whose time to exhaustion denied its line's crossing (the demo's
    // api-1 memory against 1 GB): before, a panel of that one series showed only the failure message.
    const withheld = {
      forecast: { ok: false, code: DENIED_CROSSING_CODE, message: DENIED_CROSSING },
      tte: { ok: true, value: {} },
    } as SeriesForecast;
    expect(forecastFailure([withheld])).toBeUndefined();
    expect(forecastFailure([withheld, fail('engine', 'y')])).toBeUndefined();
  });
});

describe('panelNotes', () => {
  it('counts the series dropped over the maximum and passes on the capacity problem', () => {
    expect(panelNotes({ shown: 2, candidates: 5, maxSeries: 2, capacityProblem: 'No series matches "x".' })).toEqual([
      'Showing 2 of 5 series: 3 dropped (Maximum series = 2).',
      'No series matches "x".',
    ]);
    expect(panelNotes({ shown: 2, candidates: 2, maxSeries: 2 })).toEqual([]);
  });
  it('says when Warning within is not longer than Critical within, as the readouts then show no orange', () => {
    // A panel saved with Critical within 3d and the warning default (7d then, 2d now): never orange, unsaid.
    expect(panelNotes({ shown: 1, candidates: 1, maxSeries: 5, tiers: { critical: '3d', warning: '2d' } })).toEqual([
      'Warning within (2d) is not longer than Critical within (3d): no time to exhaustion is orange. Set Warning within longer than 3d.',
    ]);
    expect(panelNotes({ shown: 1, candidates: 1, maxSeries: 5, tiers: { critical: '4h', warning: '2d' } })).toEqual([]);
  });
  it("passes on the forecasts' warnings, each once", () => {
    const warned = { forecast: { ok: true, value: { warnings: ['augurs did not load'] } } } as SeriesForecast;
    expect(panelNotes({ shown: 3, candidates: 3, maxSeries: 3, results: [warned, ok, warned] })).toEqual([
      'augurs did not load',
    ]);
  });
});

describe('the physical-bounds note', () => {
  it('does not offer the companion option bounds=none, which the panel does not have', () => {
    // The engine's warning ends with the companion's option (src/engine/functions.ts); in the panel's
    // one-line note it was the part cut off, and a panel user cannot set it.
    const warning =
      '139 of 674 forecast steps held at the physical bounds, floor 0 (the series was never negative) and ceiling 500 GB (usage cannot exceed its capacity 500 GB); option bounds=none turns inferred bounds off';
    const clipped = { forecast: { ok: true, value: { warnings: [warning] } } } as SeriesForecast;
    expect(panelNotes({ shown: 1, candidates: 1, maxSeries: 5, results: [clipped] })).toEqual([
      '139 of 674 forecast steps held at the physical bounds, floor 0 (the series was never negative) and ceiling 500 GB (usage cannot exceed its capacity 500 GB)',
    ]);
  });
});

describe('panelNotes on rows the engine sorted, merged or left off its grid', () => {
  it('counts them over the series as the CLI warns', () => {
    const counted = (outOfOrder: number, merged: number, noTime: number, offGrid: number) =>
      ({ ...ok, rowCounts: { outOfOrder, merged, noTime, offGrid } }) as SeriesForecast;
    expect(
      panelNotes({ shown: 2, candidates: 2, maxSeries: 2, results: [counted(3, 1, 0, 0), counted(0, 0, 1, 2)] })
    ).toEqual([
      'Sorted 3 rows that came after a later timestamp.',
      'Merged 1 duplicate timestamp into the mean of their values.',
      'Dropped 1 row without a timestamp.',
      "2 points off the model's grid (irregular timestamps: their grid point and the next were taken) were not used.",
    ]);
  });
});

describe("panelNotes on time to exhaustion's warnings", () => {
  it("passes them on with the forecasts', each once (a rate carried across a young clean-up)", () => {
    const carried =
      'the segment since the reset 2 h ago is too young to show its own rate: judged with the steady tooth before it';
    const r = { ...ok, tte: { ok: true, value: { warnings: [carried] } } } as SeriesForecast;
    expect(panelNotes({ shown: 2, candidates: 2, maxSeries: 2, results: [r, r] })).toEqual([carried]);
  });
});

describe('trainingNote', () => {
  const DAY = 86_400_000;
  const tte = { func: 'time_to_exhaustion', ms: 7 * DAY, explicit: false } as const;
  const short = (historyMs: number, window: typeof tte | { func: 'forecast'; ms: number; explicit: boolean } = tte) =>
    ({ ...ok, training: { historyMs, stepMs: 5 * 60_000, window } }) as SeriesForecast;

  it('says once that the panel trained on less than the companion reads, and how to agree', () => {
    expect(trainingNote([short(DAY)], DAY)).toBe(
      'Trained on 24 h of history, less than the 7 d the companion reads for time to exhaustion: ' +
        'widen the time range to at least 7 d for the same answer.'
    );
    const notes = panelNotes({ shown: 1, candidates: 1, maxSeries: 10, results: [short(DAY)], rangeMs: DAY });
    expect(notes.filter((n) => n.startsWith('Trained on'))).toHaveLength(1);
  });

  it('says why the history before the range could not be fetched, in the same line', () => {
    const failed = { ...short(DAY), history: { ok: false, reason: 'Prometheus: bad gateway.' } } as SeriesForecast;
    expect(trainingNote([failed], DAY)).toBe(
      'Trained on 24 h of history, less than the 7 d the companion reads for time to exhaustion ' +
        '(the history before the range could not be fetched: Prometheus: bad gateway): ' +
        'widen the time range to at least 7 d for the same answer.'
    );
    const cut = {
      ...short(5 * DAY),
      history: {
        ok: true,
        from: 0,
        points: 100_000,
        cut: "cut to 100,000 points at 5s, the panel's limit (20 not fetched)",
      },
    } as SeriesForecast;
    expect(trainingNote([cut], DAY)).toMatch(
      /^Trained on 5 d of history, less than the 7 d .* \(the history before the range was cut to 100,000 points at 5s, the panel's limit \(20 not fetched\)\): widen/
    );
  });

  it('counts the series short, names the largest window and the least history', () => {
    const forecast = { func: 'forecast', ms: 3 * DAY, explicit: false } as const;
    expect(trainingNote([short(2 * DAY, forecast), ok, short(2 * DAY - 5 * 60_000)], 2 * DAY)).toBe(
      '2 of 3 series trained on as little as 47.9 h of history, less than the 7 d the companion reads for ' +
        'time to exhaustion: widen the time range to at least 7 d for the same answer.'
    );
    expect(trainingNote([short(DAY), short(DAY)], DAY)).toMatch(/^2 of 2 series trained on 24 h of history/);
  });

  it('names the train= of an explicit Training window, and shortening it', () => {
    const explicit = { func: 'forecast', ms: 3 * DAY, explicit: true } as const;
    expect(trainingNote([short(DAY, explicit)], DAY)).toBe(
      'Trained on 24 h of history, less than the 3 d the companion reads for the forecast with train=3d: ' +
        'widen the time range to at least 3 d (or shorten the Training window) for the same answer.'
    );
  });

  it('says nothing when the range holds the window (a series that began within it) or no series is short', () => {
    expect(trainingNote([short(DAY)], 7 * DAY)).toBeUndefined();
    expect(trainingNote([ok], DAY)).toBeUndefined();
    expect(trainingNote([short(DAY)], undefined)).toBeUndefined();
  });

  it("says nothing for Grafana's now-7d in the week after a daylight-saving change (167 h), within a refit of the window", () => {
    const HOUR = 3_600_000;
    expect(trainingNote([short(167 * HOUR + 5 * 60_000)], 167 * HOUR)).toBeUndefined();
    // Two hours short is noted.
    expect(trainingNote([short(166 * HOUR + 5 * 60_000)], 166 * HOUR)).toMatch(/^Trained on 6.9 d of history/);
  });

  it('says nothing for a series that began within a range shorter than the window: wider, it has no more', () => {
    // A disk mounted 6 h ago on a 1-day dashboard: the companion reads the same 6 h.
    expect(trainingNote([short(6 * 3_600_000)], DAY)).toBeUndefined();
    // Beside one that holds the range, only that one is counted.
    expect(trainingNote([short(6 * 3_600_000), short(DAY)], DAY)).toMatch(/^1 of 2 series trained on 24 h of history/);
    // A sample or two missing at its ends is still the whole range.
    expect(trainingNote([short(DAY - 5 * 60_000)], DAY)).toMatch(/^Trained on 23.9 h of history/);
  });
});
