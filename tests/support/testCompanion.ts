/**
 * A companion for in-process tests: on loopback at a port the OS assigns, over the demo upstream (or
 * the one given), its clock pinned at `now` so every answer is the same on every run.
 *
 * @example
 *   beforeAll(async () => (companion = await startTestCompanion(NOW)));
 *   afterAll(async () => companion?.close());
 */
import { type Companion, startCompanion } from '../../companion/src/app';
import { fromRaw } from '../../companion/src/config/loadConfig';
import { silentLogger } from '../../companion/src/log/logger';
import type { Upstream } from '../../companion/src/upstream/types';

export function startTestCompanion(now: number, upstream?: Upstream): Promise<Companion> {
  return startCompanion(
    fromRaw({ listen: { host: '127.0.0.1', port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
    { logger: silentLogger, upstream, now: () => now }
  );
}
