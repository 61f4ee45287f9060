import { parseFlags } from './args';
import { CommandError } from './exitCodes';

const SPEC = { input: 'value', capacity: 'value', 'values-only': 'switch' } as const;

function usage(argv: string[]): string {
  try {
    parseFlags(argv, SPEC);
  } catch (e) {
    expect(e).toBeInstanceOf(CommandError);
    expect((e as CommandError).exitCode).toBe(2);
    return (e as Error).message;
  }
  throw new Error('no usage error');
}

describe('parseFlags', () => {
  it('takes --name value, --name=value, switches, and keeps "-" and files as positionals', () => {
    const f = parseFlags(['-', '--input=a.csv', '--capacity', '-5', '--values-only', 'b.csv'], SPEC);
    expect(f.values).toEqual({ input: 'a.csv', capacity: '-5' });
    expect([...f.switches]).toEqual(['values-only']);
    expect(f.positionals).toEqual(['-', 'b.csv']);
  });

  it('refuses unknown, short, repeated and value-less flags with one line', () => {
    expect(usage(['--colour', 'red'])).toBe('unknown option --colour');
    expect(usage(['--colour=red'])).toBe('unknown option --colour');
    expect(usage(['-x'])).toBe('unknown option -x');
    expect(usage(['--input', 'a', '--input=b'])).toBe('--input is given twice');
    expect(usage(['--capacity'])).toBe('--capacity needs a value');
    expect(usage(['--values-only=yes'])).toBe('--values-only takes no value');
  });
});
