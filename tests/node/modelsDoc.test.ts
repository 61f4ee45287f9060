/** docs/models.md shows the model catalogue (src/common/models.ts) as it is: `npm run docs:models` rewrites it. */
import { readFileSync } from 'node:fs';
import { MODELS_DOC, withModelTables } from '../../scripts/models-doc';
import { DETECTOR_MODELS, FORECAST_MODELS } from '../../src/common/models';

it('docs/models.md lists every model of the catalogue, as generated', () => {
  const doc = readFileSync(MODELS_DOC, 'utf8');
  expect(withModelTables(doc)).toBe(doc);
  for (const m of [...DETECTOR_MODELS, ...FORECAST_MODELS]) {
    expect(doc).toMatch(new RegExp(`^\\| \`${m}\` +\\|`, 'm'));
  }
});

it('notices a stale table (the check can fail)', () => {
  const doc = readFileSync(MODELS_DOC, 'utf8');
  const stale = doc.replace('| `lstm` ', '| `lstm2`');
  expect(withModelTables(stale)).not.toBe(stale);
});
