/**
 * The home page's state in the URL, so a view can be shared and survives a reload:
 * `ds` (data source uid or name), `sort` (Running out: `tte` soonest first, or `name`),
 * `sel` (repeated: "Anomalous now" selectors, `title=PromQL`; none = the golden-signal defaults),
 * `pair` (repeated: user capacity pairs, `title|usage|capacity`), `mem=0` (skip container memory),
 * `time` (evaluation time in unix seconds; none = now), `page` (Running out page, from 1).
 */
export interface HomeState {
  ds?: string;
  sort: 'tte' | 'name';
  sel: string[];
  pair: string[];
  mem: boolean;
  time?: number;
  page: number;
}

/** 1 January 3000 in unix seconds: a `time` beyond it is milliseconds (Grafana's own URLs use them). */
const MAX_SECONDS = 32_503_680_000;

/** The `time` parameter as unix seconds, or undefined when it is absent or not a time in seconds. */
function readTime(search: URLSearchParams): number | undefined {
  const time = Number(search.get('time'));
  return Number.isFinite(time) && time > 0 && time <= MAX_SECONDS ? time : undefined;
}

/**
 * Why a `time` in the URL is not used (the page then shows now), or undefined. A time in
 * milliseconds used to be read as seconds: the page evaluated at the year 58898 and said "no
 * capacity series matched" and nothing was anomalous.
 */
export function timeProblem(search: URLSearchParams): string | undefined {
  const raw = search.get('time');
  if (raw === null || raw === '' || readTime(search) !== undefined) {
    return undefined;
  }
  const n = Number(raw);
  const hint =
    Number.isFinite(n) && n > MAX_SECONDS ? ` (milliseconds? time=${Math.floor(n / 1000)} is that time)` : '';
  return `time=${raw} is not a time in unix seconds${hint}: showing now.`;
}

export function readState(search: URLSearchParams): HomeState {
  const time = readTime(search);
  const page = Number(search.get('page'));
  return {
    ds: search.get('ds') || undefined,
    sort: search.get('sort') === 'name' ? 'name' : 'tte',
    sel: search.getAll('sel').filter((s) => s.trim() !== ''),
    pair: search.getAll('pair').filter((s) => s.trim() !== ''),
    mem: search.get('mem') !== '0',
    time,
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

export function writeState(state: HomeState): URLSearchParams {
  const out = new URLSearchParams();
  if (state.ds) {
    out.set('ds', state.ds);
  }
  if (state.sort !== 'tte') {
    out.set('sort', state.sort);
  }
  state.sel.forEach((s) => out.append('sel', s));
  state.pair.forEach((p) => out.append('pair', p));
  if (!state.mem) {
    out.set('mem', '0');
  }
  if (state.time) {
    out.set('time', String(state.time));
  }
  if (state.page > 1) {
    out.set('page', String(state.page));
  }
  return out;
}
