/**
 * Imported first by the worker entries: points webpack's public path at the folder of the worker's
 * own chunk (the plugin root, where every chunk and asset is). The worker starts from a `blob:`
 * script (PluginWorker.ts), so a relative public path, or one derived from `self.location`, would
 * resolve against the blob and fetch nothing; the bootstrap leaves the chunk's absolute URL in
 * `self.__bellwetherChunkUrl`. Assets the worker fetches itself (augurs' `.wasm`) need it.
 */
declare let __webpack_public_path__: string;

const chunkUrl = (self as unknown as { __bellwetherChunkUrl?: unknown }).__bellwetherChunkUrl;
if (typeof chunkUrl === 'string') {
  __webpack_public_path__ = new URL('.', chunkUrl).href;
}

export {};
