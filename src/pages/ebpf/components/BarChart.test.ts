import { wrap } from './BarChart';

describe('wrap', () => {
  it('breaks a label between words into lines that fit the column', () => {
    expect(wrap('as stated · seed-report', 22)).toEqual(['as stated ·', 'seed-report']);
    expect(wrap('mean · otel-java-benchmark', 22)).toEqual(['mean ·', 'otel-java-benchmark']);
    expect(wrap('OpenTelemetry Node.js agent', 13)).toEqual(['OpenTelemetry', 'Node.js agent']);
    expect(wrap('Beyla', 13)).toEqual(['Beyla']);
  });

  it('cuts a word longer than the column into pieces, and keeps every character', () => {
    expect(wrap('abcdefghij klm', 4)).toEqual(['abcd', 'efgh', 'ij', 'klm']);
    expect(wrap('', 4)).toEqual(['']);
  });
});
