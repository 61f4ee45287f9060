/**
 * `bellwether demo-exporter [--port 9465] [--host 0.0.0.0]`: serves the embedded demo series
 * (companion/src/upstream/demo/demoSeries.ts, the generator behind `npm start`) live on /metrics in
 * Prometheus' text format, so a real Prometheus can scrape them (docker compose's demo-exporter).
 * `--history FILE --days N` instead writes the last N days as OpenMetrics for
 * `promtool tsdb create-blocks-from openmetrics`, to give that Prometheus history to learn from.
 */
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DemoSeries, demoSeries, SCRAPE_MS } from '../../upstream/demo/demoSeries';
import { parseOrExit } from '../args';

export const summary = 'Serve the demo series live on /metrics for Prometheus, or write their history as OpenMetrics.';

const USAGE = `Usage: bellwether demo-exporter [--host HOST] [--port PORT]
       bellwether demo-exporter --history FILE [--days N] [--step SECONDS]

  --host HOST     listen address (default 0.0.0.0)
  --port PORT     listen port (default 9465)
  --history FILE  write the last N days as OpenMetrics text (for promtool backfill) and exit
  --days N        days of history (default 7)
  --step SECONDS  sample spacing of the history (default 60)
`;

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels)
    .filter(([k]) => k !== '__name__')
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** Groups series by metric name, keeping the first series' type and help. */
function families(series: DemoSeries[]): Map<string, DemoSeries[]> {
  const out = new Map<string, DemoSeries[]>();
  for (const s of series) {
    const name = s.labels.__name__;
    out.set(name, [...(out.get(name) ?? []), s]);
  }
  return out;
}

/** The exposition (text format 0.0.4) of every demo series at grid time `t` (ms). */
export function renderExposition(series: DemoSeries[], t: number): string {
  const grid = Math.floor(t / SCRAPE_MS) * SCRAPE_MS;
  const lines: string[] = [];
  for (const [name, members] of families(series)) {
    lines.push(`# HELP ${name} ${members[0].help}`, `# TYPE ${name} ${members[0].type}`);
    for (const s of members) {
      lines.push(`${name}${labelText(s.labels)} ${s.at(grid)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * Writes OpenMetrics history from `start` to `end` (ms, inclusive) every `step` ms. Families are
 * typed gauge/unknown because OpenMetrics requires `_total` samples for counters; promtool keeps
 * the samples either way. Summary quantiles are written as gauges for the same reason.
 */
export async function writeHistory(path: string, series: DemoSeries[], start: number, end: number, step: number): Promise<number> {
  const out = createWriteStream(path);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  let samples = 0;
  for (const [name, members] of families(series)) {
    await write(`# HELP ${name} ${members[0].help}\n# TYPE ${name} ${members[0].type === 'counter' ? 'unknown' : 'gauge'}\n`);
    for (const s of members) {
      const labels = labelText(s.labels);
      const chunk: string[] = [];
      for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
        chunk.push(`${name}${labels} ${s.at(Math.floor(t / SCRAPE_MS) * SCRAPE_MS)} ${t / 1000}`);
        samples++;
        if (chunk.length === 5000) {
          await write(chunk.join('\n') + '\n');
          chunk.length = 0;
        }
      }
      if (chunk.length) {
        await write(chunk.join('\n') + '\n');
      }
    }
  }
  await write('# EOF\n');
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return samples;
}

interface Args {
  host: string;
  port: number;
  history?: string;
  days: number;
  stepSeconds: number;
}

function parseArgs(args: string[]): Args | string {
  const out: Args = { host: '0.0.0.0', port: 9465, days: 7, stepSeconds: 60 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = args[i + 1];
    const num = (min: number, max: number) => {
      const v = Number(next);
      i++;
      return Number.isFinite(v) && v >= min && v <= max ? v : undefined;
    };
    if (a === '--host' && next) {
      out.host = next;
      i++;
    } else if (a === '--port') {
      const v = num(0, 65535);
      if (v === undefined || !Number.isInteger(v)) {
        return `--port needs a port number, got ${JSON.stringify(next ?? '')}`;
      }
      out.port = v;
    } else if (a === '--history' && next) {
      out.history = next;
      i++;
    } else if (a === '--days') {
      const v = num(0.01, 60);
      if (v === undefined) {
        return `--days needs a number of days from 0.01 to 60, got ${JSON.stringify(next ?? '')}`;
      }
      out.days = v;
    } else if (a === '--step') {
      const v = num(15, 3600);
      if (v === undefined || v % 15 !== 0) {
        return `--step needs a multiple of 15 seconds up to 3600, got ${JSON.stringify(next ?? '')}`;
      }
      out.stepSeconds = v;
    } else {
      return `unknown option or missing value: ${a}`;
    }
  }
  return out;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseOrExit('demo-exporter', argv, USAGE, parseArgs);
  if (typeof args === 'number') {
    return args;
  }
  const series = demoSeries();
  if (args.history) {
    // History ends a few minutes ago so it does not overlap what Prometheus scrapes live.
    const end = Math.floor((Date.now() - 10 * 60_000) / 60_000) * 60_000;
    const n = await writeHistory(args.history, series, end - args.days * 86400_000, end, args.stepSeconds * 1000);
    process.stdout.write(`wrote ${n} samples of ${series.length} series to ${args.history}\n`);
    return 0;
  }
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(renderExposition(series, Date.now()));
    } else if (path === '/-/healthy' || path === '/-/ready') {
      res.end('OK\n');
    } else {
      res.writeHead(404);
      res.end('not found: the demo series are on /metrics\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(args.port, args.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`Bellwether demo exporter: http://${args.host}:${port}/metrics (${series.length} series)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
