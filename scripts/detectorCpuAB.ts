/**
 * CPU time of the home scan's detector run, compared between checkouts in one process, interleaved
 * (so the machine's load weighs on each alike): the default detector with the scan's options over
 * 17,280 one-minute points (the 9-day lead-in and the 3-day window) of 8 fleet CPU series, outputs
 * for the last 120 points. Prints each tree's CPU ms a series, best and median of ROUNDS rounds.
 *
 *   ROOTS=/path/to/old/checkout,/path/to/this/checkout ROUNDS=5 node --import tsx scripts/detectorCpuAB.ts
 */
const roots = (process.env.ROOTS ?? '').split(',');
const trees = roots.map((r) => ({
  r,
  createDetector: require(`${r}/src/ml/detect/registry`).createDetector,
  fleetCpu: require(`${r}/tests/support/fleet`).fleetCpu,
}));
const anchor = Date.UTC(2026, 11, 6, 12);
const N = 17_280;
const SCAN = { trainWindow: 4320, season: 'auto' };
const series = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => {
  const at = trees[0].fleetCpu(i, anchor).at;
  const t = new Float64Array(N), v = new Float64Array(N);
  for (let k = 0; k < N; k++) { t[k] = anchor - (N - 1 - k) * 60_000; v[k] = at(t[k]); }
  return { t, v };
});
const best: Record<string, number[]> = {};
for (let round = 0; round < Number(process.env.ROUNDS ?? 5); round++) {
  for (const tr of trees) {
    const c0 = process.cpuUsage();
    for (const s of series) { tr.createDetector(SCAN).update(s.t, s.v, N - 120); }
    const c = process.cpuUsage(c0);
    (best[tr.r] ??= []).push((c.user + c.system) / 1000 / series.length);
  }
}
for (const [r, xs] of Object.entries(best)) {
  console.log(r, 'ms CPU a series: best', Math.min(...xs).toFixed(1), 'median', [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(1), 'all', xs.map((x) => x.toFixed(1)).join(' '));
}
