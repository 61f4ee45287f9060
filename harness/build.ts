/**
 * Bundles the harness (vendor externals + AMD loader + render helpers) with esbuild, once per host
 * (harness/hosts.ts): harness/dist/vendor.js from the root packages (React 18, @grafana/* 12.4) and
 * harness/dist/vendor-react19.js from harness/react19's (React 19, @grafana/* 13.2). Rebuilt only
 * when its inputs are newer than the output.
 */
import { build, Plugin } from 'esbuild';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { ensureReact19Packages, HarnessHost, HOSTS } from './hosts';

export const HARNESS_DIR = __dirname;
export const VENDOR_JS = join(__dirname, 'dist', 'vendor.js');

/** The vendor bundle of `host`. */
export function vendorFile(host: HarnessHost): string {
  return join(__dirname, 'dist', HOSTS[host].vendor);
}

function newestInput(host: HarnessHost): number {
  const files = readdirSync(HARNESS_DIR).filter((f) => /\.(ts|tsx|html)$/.test(f)).map((f) => join(HARNESS_DIR, f));
  files.push(join(HARNESS_DIR, '..', 'package-lock.json'));
  if (host === 'react19') {
    files.push(join(HOSTS.react19.modules!, 'package-lock.json'));
  }
  return Math.max(...files.filter(existsSync).map((f) => statSync(f).mtimeMs));
}

/**
 * Resolves every bare import of the harness's own sources from `dir`'s node_modules instead of the
 * root's, so the whole bundle (and each package's own imports, resolved next to it) is that host's.
 */
function resolveFrom(dir: string): Plugin {
  return {
    name: 'harness-host-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        const own = args.importer.startsWith(HARNESS_DIR + sep) && !args.importer.includes(`${sep}node_modules${sep}`);
        if (!own || args.pluginData === 'host') {
          return undefined;
        }
        const r = await b.resolve(args.path, { resolveDir: dir, kind: args.kind, pluginData: 'host' });
        return r.errors.length ? { errors: r.errors } : { path: r.path, external: r.external, sideEffects: r.sideEffects };
      });
    },
  };
}

export async function buildHarness(host: HarnessHost = 'react18', force = false): Promise<string> {
  const out = vendorFile(host);
  if (host === 'react19') {
    ensureReact19Packages();
  }
  if (!force && existsSync(out) && statSync(out).mtimeMs >= newestInput(host)) {
    return out;
  }
  const modules = HOSTS[host].modules;
  await build({
    entryPoints: [join(HARNESS_DIR, 'vendor.tsx')],
    bundle: true,
    outfile: out,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: false,
    sourcemap: false,
    logLevel: 'warning',
    plugins: modules ? [resolveFrom(modules)] : [],
    define: {
      'process.env.NODE_ENV': '"production"',
      'process.env.HARNESS_GRAFANA_VERSION': JSON.stringify(HOSTS[host].grafanaVersion),
      global: 'window',
    },
    loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'empty' },
  });
  return out;
}

if (require.main === module) {
  const host = (process.argv[2] ?? 'react18') as HarnessHost;
  buildHarness(host, true).then((f) => process.stdout.write(`built ${f}\n`));
}
