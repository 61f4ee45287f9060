/**
 * Loads the labelled NAB development corpus (shared/data/dev/anomaly): every CSV listed in
 * windows.json, parsed to ms timestamps (UTC) and values, with windows turned into row ranges.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CorpusFile {
  name: string;
  t: Float64Array;
  v: Float64Array;
  windows: Array<[number, number]>;
}

/** Default location: ../shared/data/dev/anomaly relative to the repository, or $BELLWETHER_NAB_DIR. */
export function corpusDir(): string {
  const candidates = [
    process.env.BELLWETHER_NAB_DIR,
    join(__dirname, '../../../shared/data/dev/anomaly'),
    '/work/shared/data/dev/anomaly',
  ];
  for (const c of candidates) {
    if (c && existsSync(join(c, 'windows.json'))) {
      return c;
    }
  }
  throw new Error('NAB development data not found: set BELLWETHER_NAB_DIR to the folder holding windows.json');
}

/** Parses NAB's 'YYYY-MM-DD HH:MM:SS[.ffffff]' as UTC milliseconds. */
export function parseNabTime(s: string): number {
  return Date.parse(s.trim().replace(' ', 'T').slice(0, 23) + 'Z');
}

export function loadCorpus(dir = corpusDir()): CorpusFile[] {
  const windows = JSON.parse(readFileSync(join(dir, 'windows.json'), 'utf8')) as Record<
    string,
    Array<[string, string]>
  >;
  return Object.keys(windows)
    .sort()
    .map((name) => {
      const lines = readFileSync(join(dir, name), 'utf8').trim().split(/\r?\n/).slice(1);
      const t = new Float64Array(lines.length);
      const v = new Float64Array(lines.length);
      lines.forEach((l, i) => {
        const c = l.indexOf(',');
        t[i] = parseNabTime(l.slice(0, c));
        v[i] = Number(l.slice(c + 1));
      });
      const idx = (ms: number) => {
        const i = t.indexOf(ms);
        if (i < 0) {
          throw new Error(`${name}: window bound ${new Date(ms).toISOString()} is not a row timestamp`);
        }
        return i;
      };
      const w = windows[name].map(([a, b]) => [idx(parseNabTime(a)), idx(parseNabTime(b))] as [number, number]);
      return { name, t, v, windows: w };
    });
}
