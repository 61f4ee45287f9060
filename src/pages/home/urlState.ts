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

export function readState(search: URLSearchParams): HomeState {
  const time = Number(search.get('time'));
  const page = Number(search.get('page'));
  return {
    ds: search.get('ds') || undefined,
    sort: search.get('sort') === 'name' ? 'name' : 'tte',
    sel: search.getAll('sel').filter((s) => s.trim() !== ''),
    pair: search.getAll('pair').filter((s) => s.trim() !== ''),
    mem: search.get('mem') !== '0',
    time: Number.isFinite(time) && time > 0 ? time : undefined,
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
