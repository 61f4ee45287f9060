/**
 * When an alert rule with `for` fires, as Prometheus and vmalert decide it: given the evaluation
 * times (ms, every `stepMs`) at which its condition held, the times at which the condition has held
 * without a gap for at least `forMs`.
 */
export function firingTimes(held: number[], forMs: number, stepMs: number): number[] {
  const fired: number[] = [];
  let since: number | undefined;
  let previous: number | undefined;
  for (const t of held) {
    since = previous !== undefined && t - previous === stepMs ? since : t;
    if (t - since! >= forMs) {
      fired.push(t);
    }
    previous = t;
  }
  return fired;
}
