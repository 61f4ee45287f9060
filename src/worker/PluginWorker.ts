/**
 * A Web Worker that can start from a chunk of the plugin bundle.
 *
 * Two things stop a plain `new Worker(url)` inside a Grafana plugin (see docs/architecture.md):
 * - webpack wraps every chunk of the plugin, the worker's included, in the AMD `define(...)` the
 *   plugin uses, and a worker has no `define`, so the chunk dies on load;
 * - plugin assets may come from another origin (Grafana's plugin CDN), and browsers refuse to start
 *   a worker from a cross-origin URL.
 * So the worker starts from a same-origin `blob:` script that installs a minimal `define` and then
 * `importScripts` the real chunk (classic scripts may be imported cross-origin). webpack still emits
 * the chunk because the root webpack config lists this class under `module.parser.javascript.worker`.
 * Keep worker code in one chunk: no dynamic `import()` inside a worker.
 */
function createPluginWorker(scriptURL: string | URL, options?: WorkerOptions): Worker {
  const href = new URL(String(scriptURL), self.location.href).href;
  const bootstrap = [
    'self.define = function () {',
    '  var factory = arguments[arguments.length - 1];',
    '  var deps = arguments.length > 1 && Array.isArray(arguments[arguments.length - 2]) ? arguments[arguments.length - 2] : [];',
    `  if (typeof factory === 'function') { factory.apply(self, deps.map(function (d) { return d === 'module' ? { uri: ${JSON.stringify(href)} } : {}; })); }`,
    '};',
    'self.define.amd = {};',
    // Where the chunk is: the worker's public path (workerPublicPath.ts), for the assets it fetches.
    `self.__bellwetherChunkUrl = ${JSON.stringify(href)};`,
    `importScripts(${JSON.stringify(href)});`,
  ].join('\n');
  const blobUrl = URL.createObjectURL(new Blob([bootstrap], { type: 'text/javascript' }));
  // A module worker cannot use importScripts, so the bootstrap is always a classic worker.
  const worker = new Worker(blobUrl, { ...options, type: 'classic' });
  // The blob is read when the worker starts; revoke it afterwards so it is not kept alive.
  setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
  return worker;
}

/**
 * Use as `new PluginWorker(new URL('./x.worker.ts', import.meta.url))`: webpack recognises that
 * form (see webpack.config.ts). A constructor function rather than `class extends Worker`, so that
 * merely loading the module works where `Worker` does not exist (Node, jsdom, Grafana's server-side
 * checks); `new` returns the Worker the function builds.
 */
export const PluginWorker = createPluginWorker as unknown as new (scriptURL: string | URL, options?: WorkerOptions) => Worker;
