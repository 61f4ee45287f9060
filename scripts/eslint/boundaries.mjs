/**
 * The boundaries between the plugin's rooms, as ESLint configs (`boundaryConfigs()`, used by
 * eslint.config.mjs and tests/node/eslintBoundaries.test.ts), and the rule they need:
 *
 * `bellwether/boundaries`: which folders a file may import from, by resolved path, as
 * `import/no-restricted-paths` does (that plugin is not a dependency here). Relative specifiers are
 * resolved against the importing file; package names are left to `no-restricted-imports`.
 * Options: `{ zones: [{ target, from, except?, message }] }`, paths relative to the working
 * directory: a file under `target` may not import a module under any of `from` unless it is also
 * under one of `except`.
 */
import path from 'node:path';

const under = (file, dir) => file === dir || file.startsWith(dir + path.sep);

/** @type {import('eslint').Rule.RuleModule} */
const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports inside the folders a room may depend on' },
    schema: [
      {
        type: 'object',
        properties: {
          zones: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                target: { type: 'string' },
                from: { type: 'array', items: { type: 'string' } },
                except: { type: 'array', items: { type: 'string' } },
                message: { type: 'string' },
              },
              required: ['target', 'from', 'message'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const root = context.cwd;
    const abs = (p) => path.resolve(root, p);
    const filename = context.filename;
    const zones = (context.options[0]?.zones ?? []).filter((z) => under(filename, abs(z.target)));
    if (zones.length === 0) {
      return {};
    }
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) {
        return;
      }
      const resolved = path.resolve(path.dirname(filename), spec);
      for (const z of zones) {
        const blocked = z.from.some((f) => under(resolved, abs(f)));
        const allowed = (z.except ?? []).some((e) => under(resolved, abs(e)));
        if (blocked && !allowed) {
          context.report({ node, message: `${z.message} ("${spec}")` });
        }
      }
    };
    const source = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: source,
      ExportNamedDeclaration: source,
      ExportAllDeclaration: source,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        ) {
          check(node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};

const plugin = { rules: { boundaries } };
export default plugin;

// Packages a framework-free room may not use: Node's built-ins, React, Grafana's UI packages.
const NOT_FRAMEWORK_FREE = [
  {
    group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'http', 'https', 'net', 'child_process', 'worker_threads'],
    message:
      'Node built-ins stay out of framework-free code: the host supplies what needs them (see companion/src/runtime/nodeMlRuntime.ts).',
  },
  {
    group: ['module', 'url', 'util', 'crypto', 'stream', 'buffer', 'events'],
    message: 'Node built-ins stay out of framework-free code: the host supplies what needs them.',
  },
  {
    group: ['react', 'react/*', 'react-dom', 'react-dom/*', '@grafana/*', '@emotion/*'],
    message: 'No UI in framework-free code.',
  },
];

// Node's globals, which a browser worker lacks (`process.versions` checks, `require`): same reason.
const NODE_GLOBALS = ['process', 'require', 'module', '__dirname', '__filename', 'Buffer', 'global'].map((name) => ({
  name,
  message: 'Node globals stay out of framework-free code: the host supplies what needs them.',
}));

const ALL_ROOMS = ['src', 'companion', 'cli', 'tests', 'scripts', 'eval', 'bench', 'harness', 'preview', 'ebpf-stack'];

/** Which room may import from which (docs/architecture.md, "Rooms and boundaries"). */
export const ZONES = [
  {
    target: 'src',
    from: ['companion', 'cli'],
    message: 'Plugin code (src/) does not import the companion or the CLI; shared types live in src/common',
  },
  {
    target: 'src/ml',
    from: ALL_ROOMS,
    except: ['src/ml', 'src/common'],
    message: 'src/ml imports only src/ml and src/common',
  },
  {
    target: 'src/engine',
    from: ALL_ROOMS,
    except: ['src/engine', 'src/ml', 'src/common'],
    message: 'src/engine (the one evaluator) imports only src/engine, src/ml and src/common',
  },
  {
    target: 'src/common',
    from: ALL_ROOMS,
    except: ['src/common'],
    message: 'src/common is the bottom layer: it imports only src/common',
  },
  {
    target: 'src/worker',
    from: ['src/datasource', 'src/panels'],
    message: 'The worker runs the engine; it does not import the data source or the panels',
  },
  {
    target: 'src/ebpf',
    from: ['src/pages', 'src/panels', 'src/datasource', 'src/components'],
    message: 'The eBPF model (src/ebpf) is framework-free; the page imports it, not the reverse',
  },
  ...['history', 'upstream', 'limits', 'query', 'recording', 'pixie', 'runtime'].map((room) => ({
    target: `companion/src/${room}`,
    from: ['companion/src/api'],
    message:
      'Only the HTTP layer (companion/src/api) speaks HTTP: lower rooms raise KindedError (src/engine/errors.ts)',
  })),
  {
    target: 'companion',
    from: ['cli'],
    message: 'The companion does not import the CLI; the CLI imports the companion',
  },
];

const FRAMEWORK_FREE = ['src/ml/**/*.ts', 'src/engine/**/*.ts', 'src/common/**/*.ts', 'src/ebpf/**/*.ts'];

/** The ESLint configs that enforce the boundaries. */
export function boundaryConfigs() {
  return [
    {
      name: 'bellwether/boundaries',
      files: ['src/**/*.{ts,tsx}', 'companion/**/*.ts'],
      plugins: { bellwether: plugin },
      rules: { 'bellwether/boundaries': ['error', { zones: ZONES }] },
    },
    {
      name: 'bellwether/framework-free',
      files: FRAMEWORK_FREE,
      // 'moment' is create-plugin's own restriction, kept since this replaces the rule's options.
      rules: { 'no-restricted-imports': ['error', { paths: ['moment'], patterns: NOT_FRAMEWORK_FREE }] },
    },
    {
      name: 'bellwether/framework-free-globals',
      files: FRAMEWORK_FREE,
      ignores: ['**/*.test.ts'],
      rules: { 'no-restricted-globals': ['error', ...NODE_GLOBALS] },
    },
  ];
}
