import { commandNames, main } from './main';
import { capture } from './testCli';

describe('bellwether', () => {
  it('finds one command per file in cli/commands, without tests', () => {
    expect(commandNames()).toEqual([
      'demo',
      'demo-exporter',
      'detect',
      'ebpf-bench',
      'forecast',
      'remediate',
      'serve',
      'tte',
      'version',
    ]);
  });

  it('answers an unknown command with one line and exit 2', async () => {
    expect(await capture(main, ['frobnicate'])).toEqual({
      code: 2,
      out: '',
      err: 'bellwether: unknown command "frobnicate"\nRun `bellwether help` for the commands.\n',
    });
  });
});
