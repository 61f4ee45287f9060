import { createLogger } from './logger';

describe('createLogger', () => {
  it('writes one JSON object per line at or above its level', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    log.debug('hidden');
    log.warn('upstream slow', { ms: 1200, path: '/api/v1/query' });
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    const rec = JSON.parse(lines[0]);
    expect(rec).toMatchObject({ level: 'warn', msg: 'upstream slow', ms: 1200, path: '/api/v1/query' });
    expect(new Date(rec.ts).toISOString()).toBe(rec.ts);
  });
});
