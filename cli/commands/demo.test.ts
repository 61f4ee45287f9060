import { parseArgs } from './demo';

describe('demo flags', () => {
  it('takes --port=N as --port N, as the other commands do', () => {
    expect(parseArgs(['--port=0', '--host', '0.0.0.0', '--no-build'])).toEqual({
      port: 0,
      host: '0.0.0.0',
      build: false,
    });
  });

  it('names the flag meant by a misspelt one', () => {
    expect(parseArgs(['--prot', '3200'])).toBe('unknown option --prot (did you mean --port?)');
    expect(parseArgs(['--no-biuld'])).toBe('unknown option --no-biuld (did you mean --no-build?)');
  });
});
