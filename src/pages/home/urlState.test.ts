import { readState, timeProblem, writeState } from './urlState';
import { versionAtLeast } from './setupChecks';

describe('home page state in the URL', () => {
  it('round-trips every field', () => {
    const s = { ds: 'bellwether-ml', sort: 'name' as const, sel: ['CPU=cpu{a="b"}', 'x'], pair: ['rss|process_resident_memory_bytes|1e9'], mem: false, time: 1700000000, page: 3 };
    expect(readState(writeState(s))).toEqual(s);
  });

  it('reads defaults from an empty or bad URL', () => {
    expect(readState(new URLSearchParams('sort=zzz&time=abc&page=-2&sel='))).toEqual({ ds: undefined, sort: 'tte', sel: [], pair: [], mem: true, time: undefined, page: 1 });
    expect(writeState(readState(new URLSearchParams(''))).toString()).toBe('');
  });
});

describe('a time= the page cannot use', () => {
  it('is not read as seconds when it is milliseconds, and the page says why it shows now', () => {
    // 2026-12-05 16:48 UTC in milliseconds, as Grafana's own from=/to= give it: was the year 58898.
    const ms = new URLSearchParams('time=1796489280000');
    expect(readState(ms).time).toBeUndefined();
    expect(timeProblem(ms)).toBe(
      'time=1796489280000 is not a time in unix seconds (milliseconds? time=1796489280 is that time): showing now.'
    );
    expect(timeProblem(new URLSearchParams('time=abc'))).toBe('time=abc is not a time in unix seconds: showing now.');
  });

  it('says nothing when the time is in seconds or absent', () => {
    expect(timeProblem(new URLSearchParams('time=1796489280'))).toBeUndefined();
    expect(timeProblem(new URLSearchParams('sort=name'))).toBeUndefined();
  });
});

describe('Grafana version check', () => {
  it('compares numerically', () => {
    expect(versionAtLeast('12.4.2', '12.4.0')).toBe(true);
    expect(versionAtLeast('12.10.0', '12.4.0')).toBe(true);
    expect(versionAtLeast('13.0.0-pre', '12.4.0')).toBe(true);
    expect(versionAtLeast('12.3.9', '12.4.0')).toBe(false);
  });
});
