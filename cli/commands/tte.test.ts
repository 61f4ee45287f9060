import { capture } from '../testCli';
import { run } from './tte';

describe('bellwether tte usage errors', () => {
  it('without --direction: says it is required and names the choices (exit 2)', async () => {
    const r = await capture(run, ['-', '--capacity', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--direction is required: up \(.*\) or down \(.*\)/);
  });

  it('with a wrong --direction: must be up or down, and quotes what was given', async () => {
    const r = await capture(run, ['-', '--capacity', '0', '--direction', 'sideways']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--direction must be up or down, got "sideways"/);
  });
});
