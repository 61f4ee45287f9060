/**
 * Every companion config the repository ships or shows validates: the example file, the local
 * stack's, the Kubernetes ConfigMap's, and each YAML block in README.md and docs/ written in
 * companion.yaml's keys. A secret file that exists only where the config is deployed (an absolute
 * path such as /var/run/secrets/...) is the one problem allowed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { CONFIG_KEYS } from './companionSchema';
import { ConfigError, fromRaw, loadConfig } from './loadConfig';

const ROOT = join(__dirname, '../../..');

/** Problems of a config, apart from secret files that exist only where it is deployed. */
function problemsOf(run: () => unknown): string[] {
  try {
    run();
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) {
      throw err;
    }
    return err.problems.filter((p) => !/^[\w.]+File: cannot read \/\S+: no such file \(ENOENT\)$/.test(p));
  }
}

/** ```yaml blocks of a Markdown file (also indented ones in lists), dedented. */
function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^( *)```ya?ml\n([\s\S]*?)^\1```/gm)].map(([, indent, body]) =>
    body
      .split('\n')
      .map((l) => l.slice(indent.length))
      .join('\n')
  );
}

const markdownFiles = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** Blocks whose top-level keys are all companion keys: the config examples of the docs. */
const docExamples = markdownFiles.flatMap((f) =>
  yamlBlocks(readFileSync(join(ROOT, f), 'utf8'))
    .map((text) => parse(text) as unknown)
    .filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v))
    .filter((v) => Object.keys(v).every((k) => CONFIG_KEYS.includes(k)))
    .map((v, i) => [`${f} #${i + 1} (${Object.keys(v).join(', ')})`, v] as const)
);

it.each(['companion/companion.example.yaml', 'provisioning/companion/companion.yaml'])('%s validates', (path) => {
  expect(problemsOf(() => loadConfig(join(ROOT, path), {}))).toEqual([]);
});

it('the Kubernetes ConfigMap’s companion.yaml validates', () => {
  const docs = parseAllDocuments(readFileSync(join(ROOT, 'deploy/kubernetes/companion.yaml'), 'utf8')).map((d) =>
    d.toJS()
  );
  const configMap = docs.find((d) => d.kind === 'ConfigMap');
  expect(problemsOf(() => fromRaw(parse(configMap.data['companion.yaml'])))).toEqual([]);
});

it('finds the config examples of the docs', () => {
  // companion.md's recording rules, alerting.md's rule, scaling.md's Mimir upstream at least.
  expect(docExamples.length).toBeGreaterThanOrEqual(3);
});

it.each(docExamples)('%s validates', (_name, example) => {
  // A fragment without an upstream is shown as part of a whole config; give it the demo one.
  const whole = 'upstream' in example ? example : { ...example, upstream: { type: 'demo' } };
  expect(problemsOf(() => fromRaw(whole))).toEqual([]);
});

it('the example file sets the cache the default sets (192 MiB, sized for the 512 Mi manifest), not a larger one', () => {
  // A copied example with 512 MiB under the manifest's 512 Mi limit leaves nothing for Node and the
  // queries in flight (docs/scaling.md, "Memory"): the example shows the default and says why.
  const example = loadConfig(join(ROOT, 'companion/companion.example.yaml'), {});
  expect(example.cache.maxBytes).toBe(fromRaw({ upstream: { type: 'demo' } }).cache.maxBytes);
});
