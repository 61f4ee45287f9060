/**
 * Extends create-plugin's generated webpack config (kept untouched in .config/) with what
 * Bellwether needs:
 * - nested plugins' logos: create-plugin copies only the root plugin's, so every `img/` below src
 *   is copied to the same place in dist/;
 * - Web Workers: `new PluginWorker(new URL('./x.worker.ts', import.meta.url))` is emitted as a
 *   worker chunk (see src/worker/PluginWorker.ts for why a plain `Worker` cannot be used).
 */
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import { merge } from 'webpack-merge';

import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return merge(base, {
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
