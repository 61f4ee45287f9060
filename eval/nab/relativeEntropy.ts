/**
 * Relative entropy (Wang et al. 2011, "Statistical techniques for online anomaly detection in data
 * centers"; NAB's relative_entropy_detector.py), written from the published description for the
 * research table (eval/nabResearch.eval.ts). The last `W` values are quantised into `bins` equal bins
 * of a value range, and the window's histogram is tested against every hypothesis seen so far:
 * 2 W KL(current || hypothesis) < chi2 quantile (0.99, bins - 1) agrees. No agreeing hypothesis: the
 * window becomes a new hypothesis and the point scores 1; otherwise the closest one counts it, and the
 * point scores 1 while that hypothesis has been seen at most `cTh` times. Scores are 0 or 1, so the
 * threshold needs no choosing.
 *
 * range 'file' is NAB's: min and max of the whole file (NAB hands every detector those; not causal,
 * so a reference only). 'causal' uses the min and max of the values seen so far and keeps each
 * hypothesis as its window of raw values, re-binned at the current range when compared.
 */
const CHI2_99: Record<number, number> = { 2: 6.635, 3: 9.21, 4: 11.345, 5: 13.277, 6: 15.086, 7: 16.812, 9: 20.09 };

export interface RelativeEntropyOptions {
  W?: number;
  bins?: number;
  cTh?: number;
  range?: 'file' | 'causal';
}

function histogram(win: ArrayLike<number>, lo: number, step: number, bins: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < win.length; i++) {
    // NAB: ceil((x - min) / step) in 0..bins, histogram over [0, bins] in `bins` unit bins (the last closed).
    const q = Math.ceil((win[i] - lo) / step);
    const b = Math.min(bins - 1, Math.max(0, q));
    out[b] += 1 / win.length;
  }
}

function kl(p: Float64Array, q: Float64Array): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] > 0) {
      if (q[i] <= 0) {
        return Infinity;
      }
      s += p[i] * Math.log(p[i] / q[i]);
    }
  }
  return s;
}

export function relativeEntropy(v: Float64Array, o: RelativeEntropyOptions = {}): Float64Array {
  const W = o.W ?? 52;
  const bins = o.bins ?? 5;
  const cTh = o.cTh ?? 1;
  const T = CHI2_99[bins - 1];
  const out = new Float64Array(v.length);
  let fileMin = Infinity;
  let fileMax = -Infinity;
  for (const x of v) {
    if (Number.isFinite(x)) {
      fileMin = Math.min(fileMin, x);
      fileMax = Math.max(fileMax, x);
    }
  }
  const vals: number[] = [];
  const hyps: Array<{ p: Float64Array; raw: number[]; c: number }> = [];
  const cur = new Float64Array(bins);
  const tmp = new Float64Array(bins);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) {
      continue;
    }
    vals.push(x);
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
    const [a, b] = o.range === 'causal' ? [lo, hi] : [fileMin, fileMax];
    const step = (b - a) / bins;
    if (!(step > 0) || vals.length < W) {
      continue;
    }
    const win = vals.slice(-W);
    histogram(win, a, step, bins, cur);
    let best = -1;
    let bestE = Infinity;
    for (let h = 0; h < hyps.length; h++) {
      let q = hyps[h].p;
      if (o.range === 'causal') {
        histogram(hyps[h].raw, a, step, bins, tmp);
        q = tmp;
      }
      const e = 2 * W * kl(cur, q);
      if (e < T && e < bestE) {
        bestE = e;
        best = h;
      }
    }
    if (best < 0) {
      out[i] = 1;
      hyps.push({ p: Float64Array.from(cur), raw: win, c: 1 });
    } else {
      hyps[best].c++;
      out[i] = hyps[best].c <= cTh ? 1 : 0;
    }
  }
  return out;
}
