/**
 * What src/ml and src/engine need from a Node host: augurs' MSTL and TensorFlow.js's wasm backend,
 * read from the installed packages on disk, and the LSTM for the engine's detector runs. src/ml itself reads no files (it also runs in a browser worker), so
 * every Node entry point calls `installNodeMlRuntime()` once: the companion's start, the CLI, the
 * eval and bench runners and the Node Jest project's setup.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type AugursMstlBinding, setAugursLoader } from '../../../src/ml/forecast/augursLoader';
import { setTfWasmDir } from '../../../src/ml/detect/tfWasm';
import { type LoadedDetectorFactory, setDetectorLoader } from '../../../src/engine/models';

/**
 * augurs' MSTL, initialised synchronously: its wasm-bindgen glue is an ES module that fetches the
 * `.wasm` through `import.meta.url`, which CommonJS cannot load; so the glue is read as text, its
 * `export` statements turned into a returned object, evaluated, and given the `.wasm` bytes.
 */
export function loadAugursMstlFromDisk(): AugursMstlBinding {
  const dir = dirname(require.resolve('@bsull/augurs/mstl'));
  let src = readFileSync(join(dir, 'mstl.js'), 'utf8');
  src = src.replace(/^export\s+\{[^}]*\};?\s*$/m, 'return { MSTL, initSync };');
  src = src.replace(/^export\s+(class|function|const|let|async function)\s/gm, '$1 ');
  src = src.replace(/import\.meta\.url/g, '"file:///augurs/"');
  const raw = new Function(src)() as AugursMstlBinding & { initSync(arg: { module: Uint8Array }): unknown };
  raw.initSync({ module: readFileSync(join(dir, 'mstl_bg.wasm')) });
  return raw;
}

/**
 * Folder of the tfjs wasm backend's `.wasm` files (with a trailing slash): the folder of the
 * package's Node entry (`dist/tf-backend-wasm.node.js`), next to them; null if it is not there.
 */
export function tfWasmDirOnDisk(): string | null {
  try {
    const file = require.resolve('@tensorflow/tfjs-backend-wasm');
    return /[/\\]dist[/\\][^/\\]+$/.test(file) ? file.replace(/[^/\\]+$/, '') : null;
  } catch {
    return null;
  }
}

/**
 * The LSTM for the engine's synchronous detector runs: tfjs (and its backend) loaded once, on the
 * first query that asks for the model.
 */
async function loadLstm(): Promise<LoadedDetectorFactory> {
  const lstm = await import('../../../src/ml/detect/lstm');
  await lstm.initTfBackend();
  return (options, state) => lstm.createLstmReady({ ...options, model: 'lstm' }, state);
}

/** Supplies all three to src/ml and src/engine; safe to call more than once. */
export function installNodeMlRuntime(): void {
  setAugursLoader(async () => loadAugursMstlFromDisk());
  setTfWasmDir(tfWasmDirOnDisk());
  setDetectorLoader('lstm', loadLstm);
}
