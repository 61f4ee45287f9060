/**
 * Where TensorFlow.js's wasm backend finds its `.wasm` files, as the host says (src/ml reads no
 * files itself). Node hosts point it at the package's dist folder (companion/src/runtime/
 * nodeMlRuntime.ts); a browser bundle leaves it unset, because the plugin does not serve those files
 * and must not fetch them from elsewhere, so the LSTM runs on the CPU backend there.
 */
let dir: string | null = null;

/** Sets the folder (path or URL, with a trailing slash) of the wasm backend's files; before the first LSTM. */
export function setTfWasmDir(folder: string | null): void {
  dir = folder;
}

/** The folder set by the host, or null: then the LSTM uses the CPU backend. */
export function tfWasmDir(): string | null {
  return dir;
}
