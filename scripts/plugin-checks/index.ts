/**
 * Offline checks of a built plugin directory (dist/), standing in for a Grafana server:
 * every plugin.json validates against Grafana's schema, names only files that exist, and has its
 * placeholders replaced; every module.js loads through an AMD loader with Grafana's externals and
 * exports `plugin` of the class its plugin.json type requires.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadAmdFile, resolveGrafanaExternal } from './amd';
import { missingPaths } from './paths';
import { leftPlaceholders } from './placeholders';
import { schemaProblems } from './schema';

export interface Problem {
  file: string;
  check: 'schema' | 'paths' | 'placeholders' | 'amd';
  message: string;
}

function walk(dir: string, name: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) {
      out.push(...walk(p, name));
    } else if (entry === name) {
      out.push(p);
    }
  }
  return out;
}

/** Every plugin.json below `distDir`. */
export function findPluginJsons(distDir: string): string[] {
  return walk(distDir, 'plugin.json');
}

/** Every module.js below `distDir`. */
export function findModules(distDir: string): string[] {
  return walk(distDir, 'module.js');
}

const CLASS_FOR_TYPE: Record<string, string> = { app: 'AppPlugin', datasource: 'DataSourcePlugin', panel: 'PanelPlugin' };

/** Static checks of plugin.json files: schema, named paths, placeholders. */
export function checkPluginJsons(distDir: string): Problem[] {
  const problems: Problem[] = [];
  for (const file of findPluginJsons(distDir)) {
    const rel = relative(distDir, file);
    const text = readFileSync(file, 'utf8');
    problems.push(...leftPlaceholders(text).map((message) => ({ file: rel, check: 'placeholders' as const, message })));
    let json: any;
    try {
      json = JSON.parse(text);
    } catch (e) {
      problems.push({ file: rel, check: 'schema', message: `is not valid JSON: ${(e as Error).message}` });
      continue;
    }
    problems.push(...schemaProblems(json).map((message) => ({ file: rel, check: 'schema' as const, message })));
    problems.push(...missingPaths(file, json).map((message) => ({ file: rel, check: 'paths' as const, message })));
  }
  for (const file of walk(distDir, 'README.md')) {
    problems.push(...leftPlaceholders(readFileSync(file, 'utf8')).map((message) => ({ file: relative(distDir, file), check: 'placeholders' as const, message })));
  }
  return problems;
}

/**
 * Loads each module.js next to a plugin.json and checks its `plugin` export's class. Needs a DOM
 * (the Grafana packages touch `window` on import): run it in jsdom.
 */
export function checkModules(distDir: string, resolve: (dep: string) => unknown = resolveGrafanaExternal): Problem[] {
  const grafanaData = resolve('@grafana/data') as Record<string, new (...a: any[]) => unknown>;
  const problems: Problem[] = [];
  for (const pluginJson of findPluginJsons(distDir)) {
    const dir = dirname(pluginJson);
    const moduleFile = join(dir, 'module.js');
    const rel = relative(distDir, moduleFile);
    if (!existsSync(moduleFile)) {
      problems.push({ file: rel, check: 'amd', message: 'is missing next to its plugin.json' });
      continue;
    }
    let type: string | undefined;
    try {
      type = JSON.parse(readFileSync(pluginJson, 'utf8')).type;
    } catch {
      continue; // reported by checkPluginJsons
    }
    const expected = CLASS_FOR_TYPE[type ?? ''];
    try {
      const exported = loadAmdFile(moduleFile, resolve);
      const plugin = exported.plugin;
      if (!expected) {
        problems.push({ file: rel, check: 'amd', message: `plugin type "${type}" has no frontend plugin class` });
      } else if (!(plugin instanceof grafanaData[expected])) {
        const got = plugin === undefined ? 'no `plugin` export' : `a ${(plugin as object)?.constructor?.name ?? typeof plugin}`;
        problems.push({ file: rel, check: 'amd', message: `exports ${got}, expected a ${expected} (plugin.json type "${type}")` });
      }
    } catch (e) {
      problems.push({ file: rel, check: 'amd', message: `fails to load: ${(e as Error).message}` });
    }
  }
  return problems;
}
