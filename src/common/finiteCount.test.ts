import { finiteCount } from './finiteCount';

it('counts finite values only', () => {
  expect(finiteCount([1, NaN, Infinity, -Infinity, 0, -2])).toBe(3);
  expect(finiteCount(new Float64Array(4).fill(NaN))).toBe(0);
  expect(finiteCount([])).toBe(0);
});
