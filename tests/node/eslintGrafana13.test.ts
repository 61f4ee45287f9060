/** The Grafana 13 rules of eslint.config.mjs keep `config.apps` / `config.panels` out of src/ (the check can fail). */
import { join } from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { grafana13Configs } from '../../scripts/eslint/grafana13.mjs';

const ROOT = join(__dirname, '..', '..');
const linter = new Linter({ cwd: ROOT });
const config: Linter.Config[] = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser } }, ...grafana13Configs()];

const problems = (file: string, code: string) =>
  linter
    .verify(code, config, { filename: join(ROOT, file) })
    .filter((m) => m.ruleId === 'no-restricted-properties')
    .map((m) => `${m.line}: ${m.message}`);

it('rejects config.apps and config.panels in plugin code, naming the runtime helpers', () => {
  const code = "import { config } from '@grafana/runtime';\nexport const a = config.apps;\nexport const p = config.panels['x'];\n";
  expect(problems('src/pages/probe.ts', code)).toEqual([
    expect.stringMatching(/^2: 'config\.apps' is restricted .*isAppPluginInstalled/),
    expect.stringMatching(/^3: 'config\.panels' is restricted .*isPanelPluginInstalled/),
  ]);
  // Outside the plugin (a test helper, say) the rule does not apply.
  expect(problems('tests/support/probe.ts', code)).toEqual([]);
});
