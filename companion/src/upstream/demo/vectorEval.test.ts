import { parseDemoQuery } from './miniPromql';
import { vectorAt, type Sampler, type VectorSample } from './vectorEval';

/** A sampler that answers every selector with `samples`, whatever its matchers. */
const fixed =
  (samples: VectorSample[]): Sampler =>
  () =>
    samples;
const at = (query: string, samples: VectorSample[]) =>
  vectorAt(parseDemoQuery(query) as Parameters<typeof vectorAt>[0], 0, fixed(samples));

it('min and max skip NaN unless every value is NaN, as Prometheus does; sum and avg carry it', () => {
  const xs = [
    { metric: { __name__: 'x', a: '1' }, value: NaN },
    { metric: { __name__: 'x', a: '2' }, value: 3 },
    { metric: { __name__: 'x', a: '3' }, value: 5 },
  ];
  expect(at('min(x)', xs)).toEqual([{ metric: {}, value: 3 }]);
  expect(at('max(x)', xs)).toEqual([{ metric: {}, value: 5 }]);
  expect(at('max(x)', [xs[0]])).toEqual([{ metric: {}, value: NaN }]);
  expect(at('sum(x)', xs)).toEqual([{ metric: {}, value: NaN }]);
  expect(at('avg(x)', xs)).toEqual([{ metric: {}, value: NaN }]);
});
