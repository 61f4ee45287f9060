/**
 * Extends create-plugin's generated webpack config (kept untouched in .config/) with what
 * Bellwether needs:
 * - nested plugins' logos: create-plugin copies only the root plugin's, so every `img/` below src
 *   is copied to the same place in dist/;
 * - Web Workers: `new PluginWorker(new URL('./x.worker.ts', import.meta.url))` is emitted as a
 *   worker chunk (see src/worker/PluginWorker.ts for why a plain `Worker` cannot be used), and each
 *   worker stays ONE chunk: splitChunks leaves worker entry chunks alone (it would otherwise move
 *   code the engine and LSTM workers share, and tfjs, into chunks the worker must fetch first).
 */
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import { merge } from 'webpack-merge';

import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return merge(base, {
    optimization: {
      splitChunks: {
        // Lazy chunks only, as webpack's default 'async', minus worker entries: a worker's entry is
        // the only non-initial chunk that carries its own runtime.
        chunks: (chunk) => !chunk.canBeInitial() && !chunk.hasRuntime(),
      },
    },
    resolve: {
      // The browser trains the LSTM on tfjs's CPU backend (src/ml/detect/lstmTrain.ts); the wasm
      // backend is for Node only, so its JavaScript stays out of the LSTM worker chunk.
      alias: { '@tensorflow/tfjs-backend-wasm': false },
    },
    module: {
      parser: {
        javascript: {
          worker: ['PluginWorker', '...'],
        },
      },
    },
    plugins: [
      new CopyWebpackPlugin({
        patterns: [{ from: '**/img/**/*', to: '.', globOptions: { ignore: ['**/ml/**'] }, noErrorOnMissing: true }],
      }),
    ],
  });
};

export default config;
