import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const schema = JSON.parse(readFileSync(join(__dirname, 'plugin.schema.json'), 'utf8'));
// Grafana's schema is draft-07 with Go-style patterns (`\-` escapes), which the 'u' flag rejects.
const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);

/** Problems with `pluginJson` against Grafana's plugin.json schema, one sentence each. */
export function schemaProblems(pluginJson: unknown): string[] {
  if (validate(pluginJson)) {
    return [];
  }
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
}
