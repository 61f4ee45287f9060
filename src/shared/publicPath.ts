/**
 * webpack emits the lazy and worker chunks of every plugin in the bundle at the root of dist/, but
 * create-plugin sets a nested plugin's public path to that plugin's own folder (the folder of its
 * module.js, e.g. `.../bellwether-aiops-app/panels/anomaly/`), where those chunks are not.
 * Grafana serves a nested plugin from below its parent's folder, so the root is found by removing
 * the nested folder from the end of the public path.
 *
 * @example pluginRootPublicPath('https://cdn/x/bellwether-aiops-app/panels/anomaly/', 'panels/anomaly') // 'https://cdn/x/bellwether-aiops-app/'
 */
export function pluginRootPublicPath(publicPath: string, nestedDir: string): string {
  const suffix = nestedDir.replace(/^\/+|\/+$/g, '') + '/';
  return publicPath.endsWith('/' + suffix) || publicPath === suffix ? publicPath.slice(0, publicPath.length - suffix.length) : publicPath;
}
