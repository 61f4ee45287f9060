import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface PluginJsonLike {
  info?: { logos?: { small?: string; large?: string }; screenshots?: Array<{ path?: string }> };
  includes?: Array<{ type?: string; path?: string }>;
}

/** File paths a plugin.json names (logos, screenshots, nested plugins, dashboards), relative to it. */
export function namedPaths(pluginJson: PluginJsonLike): string[] {
  const paths: string[] = [];
  const logos = pluginJson.info?.logos;
  if (logos?.small) {
    paths.push(logos.small);
  }
  if (logos?.large) {
    paths.push(logos.large);
  }
  for (const s of pluginJson.info?.screenshots ?? []) {
    if (s.path) {
      paths.push(s.path);
    }
  }
  for (const inc of pluginJson.includes ?? []) {
    // Page includes name routes ("/a/<id>/..."), not files.
    if (inc.path && inc.type !== 'page') {
      paths.push(inc.path);
    }
  }
  return Array.from(new Set(paths));
}

/** Named paths that do not exist relative to the plugin.json at `file`. */
export function missingPaths(file: string, pluginJson: PluginJsonLike): string[] {
  return namedPaths(pluginJson)
    .filter((p) => !existsSync(join(dirname(file), p)))
    .map((p) => `names "${p}", which does not exist next to it`);
}
