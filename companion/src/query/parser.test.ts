import { parseQuery } from './parser';
import { QueryParseError } from '../../../src/engine/promql/parseError';

/** Expected result: partial DerivedQuery, 'passthrough', or an error with message and position. */
type Case =
  | [string, 'passthrough']
  | [string, { func: string; inner: string; innerPosition?: { start: number; end: number }; [k: string]: unknown }]
  | [string, { error: string; start: number; end: number }];

const cases: Case[] = [
  ['1+1', 'passthrough'],
  ['rate(http_requests_total[5m])', 'passthrough'],
  ['forecast_errors_total', 'passthrough'],
  ['sum by (forecast) (x)', 'passthrough'],
  ['x{job="anomaly_score("}', 'passthrough'],
  [
    'anomaly_score(rate(x[5m]))',
    {
      func: 'anomaly_score',
      inner: 'rate(x[5m])',
      innerPosition: { start: 14, end: 25 },
      options: {},
      position: { start: 0, end: 26 },
    },
  ],
  [
    '  anomaly_score ( rate(x[5m]) , "model=ensemble sensitivity=0.5 train=14d")',
    {
      func: 'anomaly_score',
      inner: 'rate(x[5m])',
      innerPosition: { start: 18, end: 29 },
      options: { model: 'ensemble', sensitivity: 0.5, train: 14 * 86400_000 },
    },
  ],
  [
    'anomaly_upper(sum by (job) (rate(x{a=~"b,(c"}[5m])), \'step=1m season=1d\')',
    {
      func: 'anomaly_upper',
      inner: 'sum by (job) (rate(x{a=~"b,(c"}[5m]))',
      options: { step: 60_000, season: 86400_000 },
    },
  ],
  ['anomaly_score(x, "season=auto")', { func: 'anomaly_score', inner: 'x', options: { season: 'auto' } }],
  [
    'forecast(node_filesystem_avail_bytes, 7d)',
    { func: 'forecast', inner: 'node_filesystem_avail_bytes', horizon: 7 * 86400_000 },
  ],
  [
    'forecast_lower(x, 1h30m, "level=0.9")',
    { func: 'forecast_lower', inner: 'x', horizon: 5_400_000, options: { level: 0.9 } },
  ],
  [
    'time_to_exhaustion(node_filesystem_avail_bytes, 0)',
    { func: 'time_to_exhaustion', inner: 'node_filesystem_avail_bytes', capacity: 0 },
  ],
  [
    'time_to_exhaustion(mem, 1.5e9, "direction=up")',
    { func: 'time_to_exhaustion', capacity: 1.5e9, inner: 'mem', options: { direction: 'up' } },
  ],
  ['trend_pvalue(process_resident_memory_bytes)', { func: 'trend_pvalue', inner: 'process_resident_memory_bytes' }],
  [
    'trend_slope(x, "train=1d refit=1h")',
    { func: 'trend_slope', inner: 'x', options: { train: 86400_000, refit: 3600_000 } },
  ],
  [
    'anomaly_score(rate(x[5m])) > 0.9',
    {
      func: 'anomaly_score',
      inner: 'rate(x[5m])',
      comparison: { op: '>', bool: false, value: 0.9, position: { start: 27, end: 32 } },
    },
  ],
  [
    'anomaly_score(x) >= bool 0.5',
    {
      func: 'anomaly_score',
      comparison: { op: '>=', bool: true, value: 0.5, position: { start: 17, end: 28 } },
      inner: 'x',
    },
  ],
  [
    'time_to_exhaustion(x, 0) < 86400',
    {
      func: 'time_to_exhaustion',
      inner: 'x',
      comparison: { op: '<', bool: false, value: 86400, position: { start: 25, end: 32 } },
    },
  ],
  // Errors: message and exact position.
  [
    'anomaly_score()',
    {
      error: '1:15: parse error: anomaly_score() expects a PromQL expression as its first argument',
      start: 14,
      end: 14,
    },
  ],
  [
    'anomaly_score(rate(x[5m])',
    { error: '1:26: parse error: unexpected end of input: expected ")"', start: 25, end: 25 },
  ],
  ['anomaly_score(rate(x[5m)', { error: '1:24: parse error: unexpected ")", expected "]"', start: 23, end: 24 }],
  ['anomaly_score(x{a="b)', { error: '1:19: parse error: unterminated quoted string "', start: 18, end: 21 }],
  [
    'forecast(x)',
    { error: '1:11: parse error: forecast() expects a horizon (duration) after the expression', start: 10, end: 11 },
  ],
  [
    'forecast(x, 7days)',
    {
      error: '1:13: parse error: forecast() horizon must be a positive duration like 7d or 12h, got "7days"',
      start: 12,
      end: 17,
    },
  ],
  [
    // Before: 'forecast() horizon must be a positive duration like 7d or 12h, got ""1h""'.
    'forecast(x, "1h")',
    {
      error: '1:13: parse error: forecast() horizon is written without quotes, like 1h, got the string "1h"',
      start: 12,
      end: 16,
    },
  ],
  [
    "time_to_exhaustion(x, '0')",
    {
      error: "1:23: parse error: time_to_exhaustion() capacity is written without quotes, like 0, got the string '0'",
      start: 22,
      end: 25,
    },
  ],
  [
    'time_to_exhaustion(x, "direction=down")',
    {
      error:
        '1:23: parse error: time_to_exhaustion() expects a capacity (number) before the option string, got "direction=down"',
      start: 22,
      end: 38,
    },
  ],
  [
    'time_to_exhaustion(x, full)',
    {
      error: '1:23: parse error: time_to_exhaustion() capacity must be a finite number, got "full"',
      start: 22,
      end: 26,
    },
  ],
  [
    'anomaly_score(rate(x[5m]), "min_rate=0.5", sum by (job) (rate(y[5m])))',
    { func: 'anomaly_score', inner: 'rate(x[5m])', options: { minRate: 0.5 }, gate: 'sum by (job) (rate(y[5m]))' },
  ],
  [
    'anomaly_score(x, model=ensemble)',
    {
      error:
        '1:18: parse error: anomaly_score() expects a quoted option string like "train=14d" here, got model=ensemble',
      start: 17,
      end: 31,
    },
  ],
  [
    'anomaly_score(x, "min_rate=1", y, "b=2")',
    { error: '1:35: parse error: anomaly_score() takes at most 3 arguments, got 4', start: 34, end: 39 },
  ],
  [
    'forecast(x, 1d, "a=1", "b=2")',
    { error: '1:24: parse error: forecast() takes at most 3 arguments, got 4', start: 23, end: 28 },
  ],
  [
    'anomaly_score(x, "train=14d horizon=1d")',
    {
      error:
        '1:29: parse error: unknown option "horizon" for anomaly_score(); allowed: model, sensitivity, train, step, season, adapt_after, resolution, direction, min_abs, min_rel, valid_min, valid_max, min_rate, bounds, explain',
      start: 28,
      end: 38,
    },
  ],
  [
    'anomaly_score(x, "model=linear")',
    {
      error:
        '1:19: parse error: unknown detector model "linear"; use one of ensemble, mad, holtwinters, prophet, iforest, gaussian, lstm',
      start: 18,
      end: 30,
    },
  ],
  [
    'forecast(x, 1d, "model=ensemble")',
    {
      error:
        '1:18: parse error: unknown forecast model "ensemble"; use one of auto, linear, theilsen, holtwinters, mstl, prophet, seasonal_naive, naive2',
      start: 17,
      end: 31,
    },
  ],
  [
    'anomaly_score(x, "sensitivity=high")',
    {
      error: '1:19: parse error: option sensitivity must be a number from 0 to 1, e.g. 0.5, got "high"',
      start: 18,
      end: 34,
    },
  ],
  [
    'anomaly_score(x, "train")',
    { error: '1:19: parse error: option "train" must look like key=value', start: 18, end: 23 },
  ],
  ['anomaly_score(x) > high', { error: '1:20: parse error: expected a number after ">"', start: 19, end: 23 }],
  [
    'anomaly_score(x) and y',
    {
      error:
        '1:18: parse error: unexpected "and y" after the function call: expected a comparison (> < >= <= == !=) or end of query',
      start: 17,
      end: 22,
    },
  ],
  [
    'anomaly_score(x) > 1 > 2',
    {
      error: '1:22: parse error: unexpected "> 2": only one comparison with a number may follow the function call',
      start: 21,
      end: 24,
    },
  ],
  [
    'sum(anomaly_score(x))',
    {
      error:
        '1:5: parse error: anomaly_score() must be the outermost function of the query; it cannot be nested inside PromQL',
      start: 4,
      end: 17,
    },
  ],
  [
    'anomaly_score(forecast(x, 1d))',
    {
      error:
        '1:15: parse error: forecast() must be the outermost function of the query; it cannot be nested inside PromQL',
      start: 14,
      end: 22,
    },
  ],
  [
    'anomaly_score(\n  x, "nope=1")',
    {
      error:
        '2:7: parse error: unknown option "nope" for anomaly_score(); allowed: model, sensitivity, train, step, season, adapt_after, resolution, direction, min_abs, min_rel, valid_min, valid_max, min_rate, bounds, explain',
      start: 21,
      end: 27,
    },
  ],
];

// Every PromQL function and aggregation (Prometheus 3.x, with 3.5's experimental ts_of_* and first_over_time), which must pass through untouched.
const PROMQL_FUNCTIONS =
  'abs absent absent_over_time acos acosh asin asinh atan atanh avg_over_time ceil changes clamp clamp_max clamp_min cos cosh count_over_time days_in_month day_of_month day_of_week day_of_year deg delta deriv double_exponential_smoothing exp floor histogram_avg histogram_count histogram_fraction histogram_quantile histogram_stddev histogram_stdvar histogram_sum holt_winters hour idelta increase info irate label_join label_replace last_over_time ln log10 log2 mad_over_time max_over_time min_over_time minute month pi predict_linear present_over_time quantile_over_time rad rate resets round scalar sgn sin sinh sort sort_by_label sort_by_label_desc sort_desc sqrt stddev_over_time stdvar_over_time sum_over_time tan tanh time timestamp vector year sum min max avg group stddev stdvar count count_values bottomk topk quantile limitk limit_ratio first_over_time ts_of_first_over_time ts_of_last_over_time ts_of_max_over_time ts_of_min_over_time'.split(
    ' '
  );

// MetricsQL's functions (VictoriaMetrics, docs.victoriametrics.com/metricsql), beyond PromQL's.
const METRICSQL_FUNCTIONS =
  'aggr_over_time ascent_over_time changes_prometheus count_eq_over_time count_gt_over_time count_le_over_time count_ne_over_time count_values_over_time decreases_over_time default_rollup delta_prometheus deriv_fast descent_over_time distinct_over_time duration_over_time first_over_time geomean_over_time histogram_over_time hoeffding_bound_lower hoeffding_bound_upper ideriv increase_prometheus increase_pure increases_over_time integrate lag lifetime median_over_time mode_over_time outlier_iqr_over_time quantiles_over_time range_over_time rate_over_sum rollup rollup_candlestick rollup_delta rollup_deriv rollup_increase rollup_rate rollup_scrape_interval scrape_interval share_gt_over_time share_le_over_time share_eq_over_time stale_samples_over_time sum_eq_over_time sum_gt_over_time sum_le_over_time sum2_over_time timestamp_with_name tfirst_over_time tlast_change_over_time tlast_over_time tmax_over_time tmin_over_time zscore_over_time bitmap_and bitmap_or bitmap_xor buckets_limit drop_empty_series end histogram_quantiles histogram_share interpolate keep_last_value keep_next_value limit_offset now prometheus_buckets rand rand_exponential rand_normal range_avg range_first range_last range_linear_regression range_mad range_max range_median range_min range_normalize range_quantile range_stddev range_stdvar range_sum range_trim_outliers range_trim_spikes range_trim_zscore range_zscore remove_resets ru running_avg running_max running_min running_sum smooth_exponential sort_by_label_numeric sort_by_label_numeric_desc start step timezone_offset ttf union alias drop_common_labels label_copy label_del label_graphite_group label_keep label_lowercase label_map label_match label_mismatch label_move label_set label_transform label_uppercase label_value labels_equal any bottomk_avg bottomk_last bottomk_max bottomk_median bottomk_min distinct geomean histogram mad median mode outliers_iqr outliers_mad outliersk quantiles share sum2 topk_avg topk_last topk_max topk_median topk_min zscore'.split(
    ' '
  );

describe('parseQuery: a misspelt function of ours', () => {
  // The demo upstream answered "evaluates only selectors ... got anomaly_scroe(x)", a Prometheus
  // upstream "unknown function with name": neither says which function was meant.
  it('is an error naming the function meant', () => {
    expect(() => parseQuery('anomaly_scroe(x)')).toThrow(
      new QueryParseError(
        'unknown function anomaly_scroe(); did you mean anomaly_score()?',
        { start: 0, end: 13 },
        'anomaly_scroe(x)'
      )
    );
    expect(() => parseQuery(' time_to_exhuastion(x, 0)')).toThrow(
      '1:2: parse error: unknown function time_to_exhuastion(); did you mean time_to_exhaustion()?'
    );
    expect(() => parseQuery('forcast(x, 1d)')).toThrow('did you mean forecast()?');
  });

  it('leaves every PromQL function and aggregation to the upstream', () => {
    for (const f of PROMQL_FUNCTIONS) {
      expect(parseQuery(`${f}(x)`)).toEqual({ kind: 'passthrough', query: `${f}(x)` });
    }
  });

  it("leaves VictoriaMetrics' MetricsQL functions to the upstream (a documented upstream)", () => {
    // outliersk, outliers_iqr and outliers_mad are within a few letters of outliers().
    for (const f of METRICSQL_FUNCTIONS) {
      expect(parseQuery(`${f}(x)`)).toEqual({ kind: 'passthrough', query: `${f}(x)` });
    }
    expect(parseQuery('outliers_mad(3, sum by (instance) (rate(x[5m])))')).toEqual({
      kind: 'passthrough',
      query: 'outliers_mad(3, sum by (instance) (rate(x[5m])))',
    });
  });
});

describe('parseQuery', () => {
  it.each(cases)('%s', (query, expected) => {
    if (expected === 'passthrough') {
      expect(parseQuery(query)).toEqual({ kind: 'passthrough', query });
      return;
    }
    if ('error' in expected) {
      let caught: unknown;
      try {
        parseQuery(query);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(QueryParseError);
      const err = caught as QueryParseError;
      expect(err.message).toBe(expected.error);
      expect(err.position).toEqual({ start: expected.start, end: expected.end });
      return;
    }
    expect(parseQuery(query)).toMatchObject({ kind: 'derived', ...expected });
  });

  it('keeps the inner PromQL byte for byte', () => {
    const inner = 'histogram_quantile(0.99, sum by (le) (rate(x_bucket{path!~"/a,b",q=\'(\'}[5m] offset 1h))) # c)\n';
    const q = parseQuery(`anomaly_score(${inner}, "train=1d")`);
    expect(q.kind === 'derived' && q.inner).toBe(inner.trimEnd());
  });
});
