/**
 * The time-to-exhaustion eval's breakdown of missed fills (eval/forecast/familyScore.ts): what each
 * miss answered, by family and model, so the table says where the misses come from.
 */
import { type FamilyEval, missBreakdown, missKind } from '../../../eval/forecast/familyScore';

const base: FamilyEval = {
  family: 'weekly',
  variant: 0,
  seed: 1,
  kind: 'fills',
  atDay: 10,
  trueDays: 20,
  days: 21,
  lowerDays: 10,
  upperDays: 30,
  confidence: 0.5,
  verdict: 'within',
  model: 'linear',
  lineDays: 20,
  ruleWarning: false,
  ruleCritical: false,
};
const at = (o: Partial<FamilyEval>): FamilyEval => ({ ...base, ...o });

describe('missBreakdown', () => {
  it('names what a miss answered: the verdict without a crossing, or a crossing past twice the truth', () => {
    expect(missKind(at({ days: Infinity, verdict: 'no_trend' }))).toBe('no_trend');
    expect(missKind(at({ days: Infinity, verdict: 'no answer' }))).toBe('no answer');
    expect(missKind(at({ days: 41 }))).toBe('> 2x truth');
  });

  it('groups the misses by family, answer and model, largest first, and leaves answers within twice the truth and never-fill shapes out', () => {
    const groups = missBreakdown([
      at({ days: 40 }), // exactly twice: not a miss
      at({ days: 41, atDay: 12 }),
      at({ days: Infinity, verdict: 'no_trend', atDay: 3 }),
      at({ days: Infinity, verdict: 'no_trend', atDay: 2, seed: 2 }),
      at({ days: Infinity, verdict: 'no_trend', atDay: 2, seed: 3 }),
      at({ days: Infinity, verdict: 'no answer', model: '', family: 'clean-ups' }),
      at({ kind: 'never', days: 2, trueDays: Infinity }),
    ]);
    expect(groups).toEqual([
      { family: 'weekly', kind: 'no_trend', model: 'linear', count: 3, atDays: [2, 3] },
      { family: 'clean-ups', kind: 'no answer', model: '-', count: 1, atDays: [10] },
      { family: 'weekly', kind: '> 2x truth', model: 'linear', count: 1, atDays: [12] },
    ]);
  });
});
