import {
  durationProblem,
  formatDuration,
  formatSpan,
  formatSpanInterval,
  formatSpans,
  parseDuration,
  requireDuration,
} from './duration';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('parseDuration (Prometheus grammar)', () => {
  it('reads single and compound literals, largest unit first', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('90s')).toBe(90 * S);
    expect(parseDuration('1h30m')).toBe(90 * M);
    expect(parseDuration('2w1d')).toBe(15 * D);
    expect(parseDuration('1y')).toBe(365 * D);
    expect(parseDuration('1d2h3m4s5ms')).toBe(D + 2 * H + 3 * M + 4 * S + 5);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('0s')).toBe(0);
  });

  it('rejects bare numbers, decimals, spaces, wrong order, repeats and unknown units', () => {
    for (const bad of ['', '30', '1.5d', ' 5m', '5m ', '30m1h', '1m1m', '5 minutes', '1M', '-5m', '5min']) {
      expect(parseDuration(bad)).toBeUndefined();
    }
  });
});

describe('durationProblem and requireDuration', () => {
  it('says which unit a bare number lacks', () => {
    expect(durationProblem('30')).toBe('30 is not a duration; write 30s');
    expect(() => requireDuration('30', '--step')).toThrow('--step: 30 is not a duration; write 30s');
  });

  it('turns a decimal into whole units when it can', () => {
    expect(durationProblem('1.5d')).toBe('1.5d is not a duration: use whole numbers, e.g. 1d12h');
    expect(durationProblem('0.5ms')).toBe('0.5ms is not a duration: use whole numbers');
  });

  it('explains the other cases in one line, and accepts durations', () => {
    expect(durationProblem('')).toBe('a duration is required, e.g. 5m');
    expect(durationProblem(' 5m')).toBe('" 5m" is not a duration: remove the spaces');
    expect(durationProblem('30m1h')).toMatch(/^30m1h is not a duration: .*largest first, e\.g\. 1h30m$/);
    expect(durationProblem('5m')).toBeUndefined();
    expect(requireDuration('1h30m', 'train')).toBe(90 * M);
  });
});

describe('formatDuration', () => {
  it('prints the shortest literal, weeks and years only when they divide the whole', () => {
    expect(formatDuration(90 * M)).toBe('1h30m');
    expect(formatDuration(90 * S)).toBe('1m30s');
    expect(formatDuration(14 * D)).toBe('2w');
    expect(formatDuration(90 * D)).toBe('90d');
    expect(formatDuration(365 * D)).toBe('1y');
    expect(formatDuration(1500)).toBe('1s500ms');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(-5)).toBe('0s');
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [1, 999, 61 * S, 25 * H, 8 * D + 1, 400 * D]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});

describe('formatSpan and formatSpans (for people, not PromQL)', () => {
  it('uses seconds, minutes, hours below two days, then days, with one decimal at most', () => {
    expect(formatSpan(15 * S)).toBe('15 s');
    expect(formatSpan(5 * M)).toBe('5 min');
    expect(formatSpan(90 * M)).toBe('1.5 h');
    expect(formatSpan(38 * H)).toBe('38 h');
    expect(formatSpan(47.9 * H)).toBe('47.9 h');
    expect(formatSpan(2 * D)).toBe('2 d');
    expect(formatSpan(607 * 5 * M)).toBe('2.1 d');
    expect(formatSpan(150 * D)).toBe('150 d');
  });

  it('puts several spans in the unit of the first, with fixed decimals', () => {
    expect(formatSpans([76.8 * H, 60 * H, 98.4 * H])).toEqual(['3.2 d', '2.5 d', '4.1 d']);
    expect(formatSpans([5 * H, 30 * M], 2)).toEqual(['5.00 h', '0.50 h']);
    expect(formatSpans([2 * D, Infinity, NaN])).toEqual(['2.0 d', '∞', '?']);
    expect(formatSpans([38 * H, 34.6 * H])).toEqual(['38.0 h', '34.6 h']);
  });
});

describe('formatSpanInterval (a time to exhaustion with its interval)', () => {
  it('writes the interval in the unit and at the precision of the span', () => {
    expect(formatSpanInterval(76.8 * H, 60 * H, 98.4 * H)).toBe('3.2 d (2.5–4.1 d)');
    expect(formatSpanInterval(38 * H, 37.5 * H, 38.6 * H)).toBe('38.0 h (37.5–38.6 h)');
    expect(formatSpanInterval(3.9 * D, 3.88 * D, 3.92 * D)).toBe('3.9 d (± under 0.1 d)');
    expect(formatSpanInterval(150 * D, 149.8 * D, 150.2 * D)).toBe('150 d (± under 1 d)');
    // The figure itself as it reads alone (the demo's companion figure beside the panel said 3.9 d).
    expect(formatSpanInterval(3.93 * D, 3.925 * D, 3.94 * D).startsWith(`${formatSpans([3.93 * D])[0]} (`)).toBe(true);
    expect(formatSpanInterval(12 * D, 11.8 * D, Infinity)).toBe('12.0 d (11.8 d or later)');
    expect(formatSpanInterval(5 * H, NaN, 6 * H)).toBe('5.0 h (?–6.0 h)');
  });
});
