/**
 * The configuration-error table of docs/companion.md is the specification: every row's YAML must
 * produce exactly its messages, so the documentation and the validator cannot drift apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, fromRaw } from './loadConfig';

const DOC = join(__dirname, '../../../docs/companion.md');

/** The rows between the config-errors markers: [yaml, messages]. */
function tableRows(): Array<[string, string[]]> {
  const doc = readFileSync(DOC, 'utf8');
  const begin = doc.indexOf('<!-- config-errors:begin -->');
  const end = doc.indexOf('<!-- config-errors:end -->');
  if (begin < 0 || end < begin) {
    throw new Error('docs/companion.md has no config-errors table');
  }
  const rows = doc
    .slice(begin, end)
    .split('\n')
    .filter((line) => line.startsWith('| `'));
  return rows.map((line) => {
    const cells = line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
    const code = (cell: string) => {
      const m = /^`(.*)`$/.exec(cell);
      if (!m) {
        throw new Error(`not a code cell in docs/companion.md: ${cell}`);
      }
      return m[1];
    };
    return [code(cells[0]), cells[1].split('<br>').map(code)];
  });
}

/** The problems a config produces, or [] when it is valid. */
function problemsOf(raw: unknown): string[] {
  try {
    fromRaw(raw);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) {
      return err.problems;
    }
    throw err;
  }
}

const rows = tableRows();

it('reads a table that covers the checks', () => {
  expect(rows.length).toBeGreaterThanOrEqual(25);
});

it.each(rows)('%s', (yaml, messages) => {
  expect(problemsOf(parse(yaml))).toEqual(messages);
});

it('accepts the documented forms of the values the table rejects', () => {
  expect(
    problemsOf(parse('{ upstream: { type: demo }, cache: { maxBytes: 512 MiB }, rules: { interval: 1s } }'))
  ).toEqual([]);
});
