/**
 * Agreement with real Prometheus: `promtool test rules` (Debian package `prometheus`) evaluates
 * predict_linear and deriv over given series; our least-squares functions must agree to 1e-9 relative.
 *
 * We write our own values as the expected samples. If promtool accepts them, they agree within its own
 * comparison; if it rejects them, we parse the values it got (printed at full precision) and compare
 * them with ours at 1e-9 relative, so the test never depends on promtool's tolerance.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { mulberry32 } from '../../../src/ml/core/prng';
import { deriv, predictLinear } from '../../../src/ml/models/linear';

function findPromtool(): string {
  for (const dir of ['/usr/bin', ...(process.env.PATH ?? '').split(delimiter)]) {
    const p = join(dir, 'promtool');
    if (dir && existsSync(p)) {
      return p;
    }
  }
  throw new Error(
    "promtool not found: install the Debian package 'prometheus' (apt-get install prometheus); scripts/test.sh does this before Jest runs"
  );
}

interface Case {
  name: string;
  intervalSec: number;
  /** Values as promtool input notation ('_' = missing). */
  values: Array<number | null>;
}

const rand = mulberry32(42);
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const CASES: Case[] = [
  { name: 'small', intervalSec: 60, values: Array.from({ length: 30 }, (_, i) => round6(i * 1.5 + rand() * 4)) },
  {
    name: 'large',
    intervalSec: 60,
    values: Array.from({ length: 30 }, (_, i) => round6(1e12 + i * 1e6 + rand() * 1e5)),
  },
  { name: 'falling', intervalSec: 15, values: Array.from({ length: 80 }, (_, i) => round6(-3 - i * 0.25 + rand())) },
  { name: 'constant', intervalSec: 60, values: Array.from({ length: 30 }, () => 7.25) },
  {
    name: 'gappy',
    intervalSec: 60,
    values: Array.from({ length: 30 }, (_, i) => (i % 4 === 2 ? null : round6(Math.sin(i) * 10 + i))),
  },
];
const RANGE_SEC = 570; // not a multiple of any interval, so no sample sits on the range boundary
const EVAL_SEC = [600, 1020];
const OFFSETS = [3600, 86400];

/** Samples of a case inside [evalSec - RANGE_SEC, evalSec] (as Prometheus 2.x selects them). */
function window(c: Case, evalSec: number): { t: number[]; v: number[] } {
  const t: number[] = [];
  const v: number[] = [];
  c.values.forEach((x, i) => {
    const ts = i * c.intervalSec;
    if (x !== null && ts >= evalSec - RANGE_SEC && ts <= evalSec) {
      t.push(ts);
      v.push(x);
    }
  });
  return { t, v };
}

/** Prometheus' duration format as promtool prints eval times (e.g. 1020 -> "17m"). */
function promDuration(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  return `${h ? h + 'h' : ''}${m ? m + 'm' : ''}${s ? s + 's' : ''}` || '0s';
}

interface Expectation {
  expr: string;
  evalSec: number;
  caseName: string;
  ours: number;
}

function expectations(): Expectation[] {
  const out: Expectation[] = [];
  for (const c of CASES) {
    for (const evalSec of EVAL_SEC) {
      const { t, v } = window(c, evalSec);
      for (const off of OFFSETS) {
        out.push({
          expr: `predict_linear(m_${c.name}[${RANGE_SEC}s], ${off})`,
          evalSec,
          caseName: c.name,
          ours: predictLinear(t, v, evalSec, off),
        });
      }
      out.push({ expr: `deriv(m_${c.name}[${RANGE_SEC}s])`, evalSec, caseName: c.name, ours: deriv(t, v) });
    }
  }
  return out;
}

function testFile(exps: Expectation[]): string {
  const lines = ['rule_files: []', 'evaluation_interval: 1m', 'tests:'];
  for (const c of CASES) {
    lines.push(`  - interval: ${c.intervalSec}s`, '    input_series:');
    lines.push(`      - series: 'm_${c.name}{case="${c.name}"}'`);
    lines.push(`        values: '${c.values.map((x) => (x === null ? '_' : String(x))).join(' ')}'`);
    lines.push('    promql_expr_test:');
    for (const e of exps.filter((x) => x.caseName === c.name)) {
      lines.push(`      - expr: '${e.expr}'`, `        eval_time: ${e.evalSec}s`, '        exp_samples:');
      lines.push(`          - labels: '{case="${c.name}"}'`, `            value: ${e.ours.toPrecision(17)}`);
    }
  }
  return lines.join('\n') + '\n';
}

describe('predict_linear and deriv agree with promtool test rules', () => {
  it('matches every expression to 1e-9 relative', () => {
    const promtool = findPromtool();
    const exps = expectations();
    expect(exps.every((e) => Number.isFinite(e.ours))).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'bw-promtool-'));
    try {
      const file = join(dir, 'test.yml');
      writeFileSync(file, testFile(exps));
      let output = '';
      let failed = false;
      try {
        output = execFileSync(promtool, ['test', 'rules', file], { encoding: 'utf8', stdio: 'pipe' });
      } catch (e) {
        failed = true;
        const err = e as { stdout?: string; stderr?: string };
        output = `${err.stdout ?? ''}${err.stderr ?? ''}`;
      }
      if (failed) {
        // Each failure prints: expr: "<expr>", time: <t>, / exp: ... / got: {labels} <value>
        const re = /expr: "([^"]+)", time: ([^,]+),\s+exp: [^\n]*\n\s+got: \{[^}]*\} (\S+)/g;
        const got = [...output.matchAll(re)];
        expect(got.length).toBeGreaterThan(0); // otherwise promtool failed for another reason: see output
        for (const [, expr, time, value] of got) {
          const mine = exps.find((e) => e.expr === expr && promDuration(e.evalSec) === time)!;
          const theirs = Number(value);
          const rel = Math.abs(theirs - mine.ours) / Math.max(Math.abs(theirs), 1e-300);
          if (!(rel <= 1e-9 || theirs === mine.ours)) {
            throw new Error(`${expr}: promtool ${theirs}, ours ${mine.ours} (relative difference ${rel})\n${output}`);
          }
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
