/**
 * Loads the MSTL model of `@bsull/augurs` (Rust compiled to WebAssembly; MIT/Apache-2.0).
 *
 * How the module is loaded is the host's business, so this file stays free of Node: by default the
 * package's own async initialiser runs through a dynamic import, which bundlers handle (the browser).
 * The package's initialiser fetches its `.wasm` through `import.meta.url`, which neither Jest's
 * CommonJS runtime nor tsx's `require` can load, so Node hosts (companion, CLI, eval, bench, the
 * Node tests) supply their own loader with `setAugursLoader` (companion/src/runtime/nodeMlRuntime.ts
 * reads the files from disk), and the browser's engine worker supplies one that bundles the glue into
 * its one chunk (src/worker/augursBundled.ts).
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

/** augurs' wasm-bindgen MSTL module, initialised (what a loader resolves to). */
export interface AugursMstlBinding {
  MSTL: { ets(periods: Uint32Array | number[], options?: unknown): AugursMstl };
}

/** Loads and initialises augurs' MSTL binding. */
export type AugursLoader = () => Promise<AugursMstlBinding>;

/** The bundler's way: the package's async initialiser fetches the `.wasm` next to its glue. */
const importAugurs: AugursLoader = async () => {
  const mod = (await import('@bsull/augurs/mstl')) as unknown as AugursMstlBinding & {
    default: () => Promise<unknown>;
  };
  await mod.default();
  return mod;
};

let loader: AugursLoader = importAugurs;
let loaded: AugursMstlModule | undefined;

/** Replaces how augurs' MSTL is loaded (Node hosts read it from disk); call before `initForecasting()`. */
export function setAugursLoader(load: AugursLoader): void {
  loader = load;
}

/**
 * True once a host supplied its own loader (Node hosts read augurs from disk; the engine worker
 * fetches its `.wasm` once): the engine then loads augurs by itself before 'auto' or 'mstl'.
 */
export function augursLoaderSupplied(): boolean {
  return loader !== importAugurs;
}

/** The loaded module, or undefined before `loadAugursMstl` resolved. */
export function augursMstl(): AugursMstlModule | undefined {
  return loaded;
}

function wrap(raw: AugursMstlBinding): AugursMstlModule {
  return { ets: (periods, options) => raw.MSTL.ets(Uint32Array.from(periods), options ?? null) };
}

/** Loads and initialises augurs' MSTL once; later calls return the same module. */
export async function loadAugursMstl(): Promise<AugursMstlModule> {
  if (!loaded) {
    try {
      loaded = wrap(await loader());
    } catch (e) {
      const hint = loader === importAugurs ? ' (outside a bundle, the host must call setAugursLoader first)' : '';
      throw new Error(`could not load augurs' MSTL WebAssembly: ${(e as Error).message ?? e}${hint}`);
    }
  }
  return loaded;
}
