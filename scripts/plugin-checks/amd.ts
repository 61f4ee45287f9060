import { readFileSync } from 'node:fs';

/**
 * Evaluates an AMD module (a built module.js) the way Grafana's loader does: `define(deps, factory)`
 * with each dependency resolved by `resolve` (the real npm packages of Grafana's externals) and
 * "module" resolved to `{ uri }`. Returns what the factory returns (the module's exports).
 * Throws when the file does not call define, or names a dependency `resolve` cannot provide.
 */
export function loadAmdFile(file: string, resolve: (dep: string) => unknown): Record<string, unknown> {
  const code = readFileSync(file, 'utf8');
  let exported: Record<string, unknown> | undefined;
  let called = false;
  const define = (...args: unknown[]) => {
    called = true;
    const factory = args[args.length - 1];
    const deps = Array.isArray(args[args.length - 2]) ? (args[args.length - 2] as string[]) : [];
    const resolved = deps.map((d) => (d === 'module' ? { uri: `public/plugins/${file}` } : resolve(d)));
    exported = (typeof factory === 'function' ? factory(...resolved) : factory) as Record<string, unknown>;
  };
  (define as unknown as { amd: object }).amd = {};
  // eslint-disable-next-line no-new-func
  new Function('define', code)(define);
  if (!called) {
    throw new Error(`${file} did not call define(): not an AMD module`);
  }
  return exported ?? {};
}

/** Grafana's externals, resolved to the real npm packages installed for the build. */
export function resolveGrafanaExternal(dep: string): unknown {
  const allowed = /^(react|react-dom|react\/jsx-runtime|react-router|react-router-dom|rxjs|lodash|moment|@emotion\/css|@emotion\/react|i18next|@grafana\/(data|ui|runtime|schema|i18n))$/;
  if (!allowed.test(dep)) {
    throw new Error(`module depends on "${dep}", which Grafana does not provide to plugins`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(dep);
}
