import { labelsInside } from './tickLabelsInside';

describe('labelsInside', () => {
  it('drops a label centred so close to an edge that it would be cut ("9:00ar")', () => {
    // An 800 px canvas; the last tick 10 px from its right edge with a 40 px label.
    expect(labelsInside(['7:00am', '8:00am', '9:00am'], [200, 500, 790], [40, 40, 40], 800)).toEqual(['7:00am', '8:00am', '']);
    // Exactly fitting stays.
    expect(labelsInside(['9:00am'], [780], [40], 800)).toEqual(['9:00am']);
    // And at the left edge.
    expect(labelsInside(['6:00am', '7:00am'], [10, 200], [40, 40], 800)).toEqual(['', '7:00am']);
  });
});
