/**
 * The servers under fuzz, in a process of their own (started by httpFuzz.test.ts): the companion on
 * the demo upstream (what `bellwether serve --demo` runs) with a pinned clock, the quick start's
 * preview server in front of it, and the browser harness's static server. A request that ended a
 * server would end this process, which the test sees. Prints their URLs as one JSON line.
 */
import { startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { startHarnessServer } from '../../../harness/server';
import { startPreviewServer } from '../../../preview/server';

/** The demo's clock: 2026-01-15 12:00 UTC. */
export const FUZZ_NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

async function main(): Promise<void> {
  const companion = await startCompanion(
    fromRaw({
      listen: { port: 0 },
      upstream: { type: 'demo' },
      // A small body limit, so the fuzz reaches it cheaply; CORS on, so preflights are answered too.
      limits: { maxBodyBytes: 4096 },
      cors: { allowOrigin: 'http://grafana.test' },
      log: { level: 'warn' },
    }),
    { now: () => FUZZ_NOW }
  );
  const preview = await startPreviewServer('127.0.0.1', 0, companion.url);
  const harness = await startHarnessServer(0);
  process.stdout.write(
    JSON.stringify({ companion: companion.url, preview: preview.url.replace(/\/$/, ''), harness: harness.url }) + '\n'
  );
}

main().catch((err) => {
  process.stderr.write(`fuzz servers failed to start: ${err}\n`);
  process.exit(1);
});
