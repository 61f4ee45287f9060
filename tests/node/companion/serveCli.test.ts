/**
 * `bellwether serve` as users run it (the real binary in a child process): a bad configuration,
 * a missing or malformed file and a port in use each end with one line per problem on stderr, no
 * stack trace and the documented exit code (docs/companion.md, "Start-up failures and exit codes");
 * `serve --demo` still starts on the demo series and stops cleanly on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../../../cli/testCli';
import { until } from '../../support/until';

const dir = mkdtempSync(join(tmpdir(), 'bw-serve-'));
const config = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

interface Run {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

function serve(args: string[]): Run {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exit };
}

/** Runs serve to its end; every stderr line must be one of ours, never a stack frame. */
async function failing(args: string[]): Promise<{ code: number | null; lines: string[]; out: string }> {
  const run = serve(args);
  const code = await run.exit;
  const lines = run.err().split('\n').filter(Boolean);
  expect(run.err()).not.toMatch(/^\s+at /m);
  for (const line of lines) {
    expect(line).toMatch(/^bellwether serve: /);
  }
  return { code, lines: lines.map((l) => l.slice('bellwether serve: '.length)), out: run.out() };
}

it('reports every problem of a bad config, one line each, and exits 2', async () => {
  const path = config(
    'bad.yaml',
    [
      'upstrem:',
      '  url: http://prometheus:9090',
      'rules:',
      '  interval: 0s',
      '  series:',
      '    - { name: disk, expr: "rate(x[5m]" }',
      '',
    ].join('\n')
  );
  expect(await failing(['--config', path])).toEqual({
    code: 2,
    out: '',
    lines: [
      'unknown key upstrem; did you mean upstream?',
      'rules.interval must be at least 1s, got 0s',
      'upstream is missing: set upstream.url to your Prometheus, or upstream.type: demo (serve --demo) for the built-in demo series',
      'rules.series[0].expr (rule disk): 1:11: parse error: unexpected end of input: expected ")"',
    ],
  });
});

it('names a missing config file and invalid YAML, and exits 2', async () => {
  const missing = join(dir, 'missing.yaml');
  expect(await failing(['--config', missing])).toEqual({
    code: 2,
    out: '',
    lines: [`cannot read config file ${missing}: no such file (ENOENT)`],
  });
  const bad = config('invalid.yaml', 'upstream: { type: demo\n');
  const result = await failing(['--config', bad]);
  expect(result.code).toBe(2);
  expect(result.lines).toHaveLength(1);
  expect(result.lines[0]).toMatch(new RegExp(`^${bad}:\\d+:\\d+: invalid YAML: \\S`));
});

it('names the flag meant by a misspelt one, and exits 2', async () => {
  const run = serve(['--demo', '--prot', '0']);
  expect(await run.exit).toBe(2);
  expect(run.err().split('\n')[0]).toBe('bellwether serve: unknown option --prot (did you mean --port?)');
});

describe('with the port taken', () => {
  let blocker: Server;
  let port: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('says which setting to change, and exits 1', async () => {
    expect(await failing(['--demo', '--port', String(port)])).toEqual({
      code: 1,
      out: '',
      lines: [
        `listen.port ${port} on 127.0.0.1 is already in use (EADDRINUSE); stop the other process or choose another port (listen.port, BELLWETHER_LISTEN_PORT or --port)`,
      ],
    });
  });
});

it('serve --demo starts on the demo series and exits 0 on SIGTERM', async () => {
  // --port=0 as every other command takes it (it was an unknown option here).
  const run = serve(['--demo', '--port=0']);
  try {
    const url = await until(
      'the listening line',
      () => /listening on (http:\/\/\S+) \(upstream: demo/.exec(run.out())?.[1]
    );
    const r = await fetch(`${url}/api/v1/query?query=${encodeURIComponent('1+1')}`);
    expect((await r.json()).data.result).toEqual([expect.any(Number), '2']);
  } finally {
    run.child.kill('SIGTERM');
  }
  expect(await run.exit).toBe(0);
  expect(run.err()).not.toMatch(/^\s+at /m);
});

it('warns with one line naming upstream.url when its host does not resolve, and keeps serving', async () => {
  const path = config(
    'dns.yaml',
    'upstream:\n  url: http://bellwether-no-such-host.invalid:9090\nlisten:\n  port: 0\n'
  );
  const run = serve(['--config', path]);
  try {
    const warning = await until('the warning', () =>
      run
        .err()
        .split('\n')
        .find((l) => l.includes('does not resolve'))
    );
    expect(JSON.parse(warning)).toMatchObject({
      level: 'warn',
      key: 'upstream.url',
      msg: expect.stringMatching(
        /^upstream\.url host bellwether-no-such-host\.invalid does not resolve \((ENOTFOUND|EAI_AGAIN)\); queries fail with 503 until it does$/
      ),
    });
    const url = await until('the listening line', () => /listening on (http:\/\/\S+)/.exec(run.out())?.[1]);
    expect((await fetch(`${url}/-/healthy`)).status).toBe(200);
  } finally {
    run.child.kill('SIGTERM');
  }
  expect(await run.exit).toBe(0);
});
