import { closestName, didYouMean } from './closestName';

describe('closestName', () => {
  it.each([
    ['sensitivty', 'sensitivity'],
    ['min-abs', 'min_abs'],
    ['MODEL', 'model'],
    ['direktion', 'direction'],
    ['bogus', undefined],
    ['x', undefined],
  ])('%s -> %s', (word, expected) => {
    expect(closestName(word, ['model', 'sensitivity', 'min_abs', 'min_rel', 'direction'])).toBe(expected);
  });

  it('says did you mean only for a near candidate', () => {
    expect(didYouMean('trian', ['train', 'step'])).toBe(' (did you mean train?)');
    expect(didYouMean('bogus', ['train', 'step'])).toBe('');
  });
});
