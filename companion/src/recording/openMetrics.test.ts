import { renderOpenMetrics } from './openMetrics';

describe('renderOpenMetrics', () => {
  it('writes families, escaped labels, special values and the EOF line', () => {
    const text = renderOpenMetrics([
      {
        name: 'disk:time_to_exhaustion_seconds',
        type: 'gauge',
        help: 'Seconds until full.',
        samples: [
          { labels: { mountpoint: '/data', instance: 'a"b\\c' }, value: Infinity },
          { labels: {}, value: 1.5 },
        ],
      },
    ]);
    expect(text).toBe(
      [
        '# TYPE disk:time_to_exhaustion_seconds gauge',
        '# HELP disk:time_to_exhaustion_seconds Seconds until full.',
        'disk:time_to_exhaustion_seconds{instance="a\\"b\\\\c",mountpoint="/data"} +Inf',
        'disk:time_to_exhaustion_seconds 1.5',
        '# EOF',
        '',
      ].join('\n')
    );
  });
});
