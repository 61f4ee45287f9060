/**
 * `bellwether detect`: causal anomaly detection over a CSV series.
 *
 * Input: CSV `timestamp,value` on stdin or `--input FILE` (a header row is optional). Timestamps are
 * `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC, as in NAB), ISO 8601, or unix seconds.
 * Output: CSV `timestamp,value,expected,lower,upper,score,anomaly` on stdout or `--output FILE`, one
 * row per distinct input timestamp in time order (duplicates are merged into their mean), timestamps
 * written back in the input's format.
 */
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { unknownModelMessage } from '../../../../src/common/models';
import { DETECTOR_MODELS, DetectorModel, DetectorOptions, detectAsync } from '../../../../src/ml/detect';
import { MlError } from '../../../../src/ml/types';

export const summary = 'Score a CSV series (timestamp,value) for anomalies; writes expected, band, score, anomaly.';

const HELP = `Usage: bellwether detect [options] < series.csv > scored.csv

Reads CSV "timestamp,value" (header optional; timestamps "2014-04-10 07:15:00", ISO 8601 or unix
seconds) and writes "timestamp,value,expected,lower,upper,score,anomaly". Every output row uses only
that row and earlier ones (causal).

Options:
  --input FILE        read FILE instead of stdin
  --output FILE       write FILE instead of stdout
  --model NAME        ${DETECTOR_MODELS.join(' | ')} (default ensemble)
  --sensitivity S     0..1, higher flags more (default 0.5)
  --train-window N    points of history the models keep (default 1000); the LSTM trains once
                      on the first min(N, 500) points (a few seconds: it loads tfjs)
  --season P          'auto' (default), 0 = none, or the period in points
  --seed N            random seed (Isolation Forest, LSTM; default 1)
  -h, --help          show this help
`;

interface Parsed {
  input?: string;
  output?: string;
  options: DetectorOptions;
}

/** Parses argv; throws Error with a user-facing message. */
export function parseArgs(args: string[]): Parsed | 'help' {
  const out: Parsed = { options: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) {
        throw new Error(`${flag} needs a value`);
      }
      return v;
    };
    const num = (name: string, v: string) => {
      const x = Number(v);
      if (v.trim() === '' || !Number.isFinite(x)) {
        throw new Error(`${name} must be a number, got "${v}"`);
      }
      return x;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--input':
        out.input = value();
        break;
      case '--output':
        out.output = value();
        break;
      case '--model': {
        const m = value();
        if (!DETECTOR_MODELS.includes(m as DetectorModel)) {
          throw new Error(unknownModelMessage('detector', m));
        }
        out.options.model = m as DetectorModel;
        break;
      }
      case '--sensitivity': {
        const s = num('--sensitivity', value());
        if (s < 0 || s > 1) {
          throw new Error(`--sensitivity must be between 0 and 1, got ${s}`);
        }
        out.options.sensitivity = s;
        break;
      }
      case '--train-window':
        out.options.trainWindow = num('--train-window', value());
        break;
      case '--season': {
        const v = value();
        out.options.season = v === 'auto' ? 'auto' : num('--season', v);
        break;
      }
      case '--seed':
        out.options.seed = num('--seed', value());
        break;
      default:
        throw new Error(`unknown option "${a}"`);
    }
  }
  return out;
}

type TimeFormat = 'nab' | 'iso' | 'unix';

/** Parses one timestamp to ms and reports its format; NaN when unreadable. */
export function parseTimestamp(s: string): { ms: number; format: TimeFormat } {
  const x = s.trim().replace(/^"|"$/g, '');
  if (/^-?\d+(\.\d+)?$/.test(x)) {
    return { ms: Number(x) * 1000, format: 'unix' };
  }
  const nab = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$/.exec(x);
  if (nab) {
    return { ms: Date.parse(`${nab[1]}T${nab[2].slice(0, 12)}Z`), format: 'nab' };
  }
  const hasZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(x);
  return { ms: Date.parse(hasZone ? x : x + 'Z'), format: 'iso' };
}

function formatTimestamp(ms: number, format: TimeFormat): string {
  if (format === 'unix') {
    return String(ms / 1000);
  }
  const iso = new Date(ms).toISOString();
  return format === 'nab' ? iso.slice(0, 19).replace('T', ' ') : iso;
}

/** Parses CSV text into a series; throws Error naming the first bad line. */
export function parseCsv(text: string): { t: Float64Array; v: Float64Array; format: TimeFormat } {
  const lines = text.split(/\r?\n/);
  const t: number[] = [];
  const v: number[] = [];
  let format: TimeFormat = 'nab';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const c = line.indexOf(',');
    if (c < 0) {
      throw new Error(`line ${i + 1}: expected "timestamp,value", got "${line.slice(0, 60)}"`);
    }
    const ts = parseTimestamp(line.slice(0, c));
    const raw = line
      .slice(c + 1)
      .trim()
      .replace(/^"|"$/g, '');
    if (Number.isNaN(ts.ms)) {
      if (t.length === 0 && i === firstContentLine(lines)) {
        continue; // header row
      }
      throw new Error(`line ${i + 1}: unreadable timestamp "${line.slice(0, c)}"`);
    }
    // Empty, NaN or non-numeric values are missing samples.
    const num = raw === '' ? NaN : Number(raw);
    if (t.length === 0) {
      format = ts.format;
    }
    t.push(ts.ms);
    v.push(raw.toLowerCase() === 'inf' || raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : num);
  }
  return { t: Float64Array.from(t), v: Float64Array.from(v), format };
}

function firstContentLine(lines: string[]): number {
  return lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
}

async function readInput(path?: string): Promise<string> {
  if (path) {
    return readFileSync(path, 'utf8');
  }
  const chunks: Buffer[] = [];
  for await (const c of process.stdin.isTTY ? createReadStream('/dev/null') : process.stdin) {
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const num = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1e9) / 1e9) : '');

export async function run(args: string[]): Promise<number> {
  let parsed: Parsed | 'help';
  try {
    parsed = parseArgs(args);
  } catch (e) {
    process.stderr.write(`bellwether detect: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  try {
    const { t, v, format } = parseCsv(await readInput(parsed.input));
    const res = await detectAsync({ t, v }, parsed.options);
    const rows: string[] = ['timestamp,value,expected,lower,upper,score,anomaly'];
    // Values at the cleaned points: sorted, duplicates merged (mean), as the detector saw them.
    const byT = new Map<number, { sum: number; n: number }>();
    for (let i = 0; i < t.length; i++) {
      if (Number.isFinite(v[i])) {
        const e = byT.get(t[i]) ?? { sum: 0, n: 0 };
        e.sum += v[i];
        e.n++;
        byT.set(t[i], e);
      }
    }
    for (let i = 0; i < res.t.length; i++) {
      const e = byT.get(res.t[i]);
      rows.push(
        [
          formatTimestamp(res.t[i], format),
          e ? num(e.sum / e.n) : '',
          num(res.expected[i]),
          num(res.lower[i]),
          num(res.upper[i]),
          num(res.score[i]),
          res.isAnomaly[i],
        ].join(',')
      );
    }
    const text = rows.join('\n') + '\n';
    const outPath = parsed.output;
    if (outPath) {
      await new Promise<void>((resolve, reject) => {
        const ws = createWriteStream(outPath);
        ws.on('error', reject);
        ws.end(text, () => resolve());
      });
    } else {
      process.stdout.write(text);
    }
    return 0;
  } catch (e) {
    const msg = e instanceof MlError ? `${e.code}: ${e.message}` : (e as Error).message;
    process.stderr.write(`bellwether detect: ${msg}\n`);
    return e instanceof MlError && e.code === 'not_enough_data' ? 3 : 1;
  }
}
