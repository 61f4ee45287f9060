/**
 * A minimal AMD loader with Grafana's contract: a plugin's module.js calls
 * `define([deps], factory)`; "module" resolves to `{ uri }` (used by create-plugin's public-path
 * code to find the plugin's chunks), every other dependency to one of the provided externals.
 * An unknown dependency is an error, as it would be in Grafana.
 * Loads run one at a time: an anonymous define() cannot say which script it came from, so two
 * scripts in flight at once could swap their exports.
 */
let queue: Promise<unknown> = Promise.resolve();

export function loadAmdModule(url: string, externals: Record<string, unknown>): Promise<any> {
  const next = queue.then(() => loadOne(url, externals));
  queue = next.catch(() => undefined);
  return next;
}

function loadOne(url: string, externals: Record<string, unknown>): Promise<any> {
  return new Promise((resolve, reject) => {
    const w = window as any;
    const previous = w.define;
    w.define = (...args: any[]) => {
      w.define = previous;
      const factory = args[args.length - 1];
      const deps: string[] = Array.isArray(args[args.length - 2]) ? args[args.length - 2] : [];
      try {
        const resolved = deps.map((d) => {
          if (d === 'module') {
            return { uri: url };
          }
          if (!(d in externals)) {
            throw new Error(`AMD dependency "${d}" of ${url} is not provided by the host`);
          }
          return externals[d];
        });
        resolve(typeof factory === 'function' ? factory(...resolved) : factory);
      } catch (e) {
        reject(e);
      }
    };
    w.define.amd = {};
    const script = document.createElement('script');
    script.src = url;
    script.crossOrigin = 'anonymous';
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.appendChild(script);
  });
}
