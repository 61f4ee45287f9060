/**
 * Loads the MSTL model of `@bsull/augurs` (Rust compiled to WebAssembly; MIT/Apache-2.0).
 *
 * The package is an ES module whose default initialiser fetches its `.wasm` through `import.meta.url`,
 * which neither Jest's CommonJS runtime nor tsx's `require` can load. In Node we therefore read the
 * wasm-bindgen glue as text, turn its `export` statements into a returned object, evaluate it, and
 * initialise it synchronously with the `.wasm` bytes read from disk. In a browser (no `process`) we use
 * the package's own async initialiser through a dynamic import, which bundlers handle.
 */

/** The part of augurs' MSTL binding we use. */
export interface AugursMstl {
  fit(y: Float64Array): void;
  predict(
    horizon: number,
    level?: number | null
  ): { point: number[]; intervals?: { level: number; lower: number[]; upper: number[] } };
  free(): void;
}

export interface AugursMstlModule {
  /** MSTL with an AutoETS trend model for the given seasonal periods (in points). */
  ets(periods: number[], options?: { impute?: boolean } | null): AugursMstl;
}

interface RawModule {
  MSTL: { ets(periods: Uint32Array | number[], options?: unknown): AugursMstl };
  initSync(arg: { module: Uint8Array }): unknown;
}

let loaded: AugursMstlModule | undefined;

/** The loaded module, or undefined before `loadAugursMstl` resolved. */
export function augursMstl(): AugursMstlModule | undefined {
  return loaded;
}

function wrap(raw: RawModule): AugursMstlModule {
  return { ets: (periods, options) => raw.MSTL.ets(Uint32Array.from(periods), options ?? null) };
}

function loadInNode(): RawModule {
  // Node's own require, hidden from bundlers: webpack would otherwise try to bundle node:fs for the
  // browser (and fail on the node: scheme) although this branch never runs there.
  // eslint-disable-next-line no-eval
  const nodeRequire = eval('require') as NodeRequire;
  const fs = nodeRequire('node:fs') as typeof import('node:fs');
  const path = nodeRequire('node:path') as typeof import('node:path');
  const dir = path.dirname(nodeRequire.resolve('@bsull/augurs/mstl'));
  let src = fs.readFileSync(path.join(dir, 'mstl.js'), 'utf8');
  src = src.replace(/^export\s+\{[^}]*\};?\s*$/m, 'return { MSTL, initSync };');
  src = src.replace(/^export\s+(class|function|const|let|async function)\s/gm, '$1 ');
  src = src.replace(/import\.meta\.url/g, '"file:///augurs/"');
  const raw = new Function(src)() as RawModule;
  raw.initSync({ module: fs.readFileSync(path.join(dir, 'mstl_bg.wasm')) });
  return raw;
}

/** Loads and initialises augurs' MSTL once; later calls return the same module. */
export async function loadAugursMstl(): Promise<AugursMstlModule> {
  if (loaded) {
    return loaded;
  }
  if (typeof process !== 'undefined' && process.versions?.node) {
    loaded = wrap(loadInNode());
  } else {
    const mod = (await import('@bsull/augurs/mstl')) as unknown as RawModule & { default: () => Promise<unknown> };
    await mod.default();
    loaded = wrap(mod);
  }
  return loaded;
}
