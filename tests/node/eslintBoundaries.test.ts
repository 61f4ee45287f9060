/** The import boundaries of eslint.config.mjs catch what they are meant to (the checks can fail). */
import { join } from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { boundaryConfigs } from '../../scripts/eslint/boundaries.mjs';

const ROOT = join(__dirname, '..', '..');
const linter = new Linter({ cwd: ROOT });
const config: Linter.Config[] = [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser } },
  ...boundaryConfigs(),
];

/** Messages of the boundary rules for `code` as if it were the file `file` (relative to the root). */
async function problems(file: string, code: string): Promise<string[]> {
  return linter
    .verify(code, config, { filename: join(ROOT, file) })
    .filter((m) => ['bellwether/boundaries', 'no-restricted-imports', 'no-restricted-globals'].includes(m.ruleId ?? ''))
    .map((m) => `${m.ruleId}: ${m.message}`);
}

describe('import boundaries', () => {
  it('keep src/ml free of Node, UI and the rest of the plugin', async () => {
    const code = [
      "import { readFileSync } from 'node:fs';",
      "import React from 'react';",
      "import { plan } from '../../datasource/engine/plan';",
      "import { DETECTORS } from '../../common/models';",
      "import { median } from '../core/median';",
      'export const v = process.versions;',
      'export const x = [readFileSync, React, plan, DETECTORS, median];',
    ].join('\n');
    expect(await problems('src/ml/detect/example.ts', code)).toEqual([
      expect.stringMatching(/^no-restricted-imports: 'node:fs' .*Node built-ins stay out/),
      expect.stringMatching(/^no-restricted-imports: 'react' .*No UI/),
      'bellwether/boundaries: src/ml imports only src/ml and src/common ("../../datasource/engine/plan")',
      expect.stringMatching(/^no-restricted-globals: Unexpected use of 'process'\. Node globals stay out/),
    ]);
  }, 60_000);

  it('keep companion/ out of src/, src/common at the bottom and the worker off the data source', async () => {
    const msg = (file: string, code: string) => problems(file, code).then((m) => m.join('\n'));
    expect(await msg('src/datasource/x.ts', "export type { T } from '../../companion/src/pixie/tables';")).toBe(
      'bellwether/boundaries: Plugin code (src/) does not import the companion or the CLI; shared types live in src/common ("../../companion/src/pixie/tables")'
    );
    expect(await msg('src/common/x.ts', "export { quantile } from '../ml/core/quantile';")).toBe(
      'bellwether/boundaries: src/common is the bottom layer: it imports only src/common ("../ml/core/quantile")'
    );
    expect(await msg('src/worker/x.ts', "export { QueryEditor } from '../datasource/components/QueryEditor';")).toMatch(
      /^bellwether\/boundaries: The worker runs the engine; it does not import the data source or the panels/
    );
    expect(await problems('src/ml/x.ts', "export { median } from '../common/median';")).toEqual([]);
  }, 60_000);
});
