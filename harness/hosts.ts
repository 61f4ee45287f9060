/**
 * The two hosts the browser harness stands in for: Grafana 12.4 (React 18 and the @grafana/* 12.4
 * packages of the root install) and Grafana 13.2 (React 19 and the @grafana/* 13.2 packages,
 * installed apart in harness/react19 because the root stays on React 18). Browser tests run in the
 * host named by BELLWETHER_HARNESS_HOST (default react18); jest's "browser-react19" project sets it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type HarnessHost = 'react18' | 'react19';

export interface HostSpec {
  label: string;
  /** Its bundle in harness/dist. */
  vendor: string;
  /** React's major version. */
  react: number;
  /** The Grafana version the harness's boot data reports (the @grafana/* packages' own). */
  grafanaVersion: string;
  /** Where its packages are installed, when not the root. */
  modules?: string;
}

export const HOSTS: Record<HarnessHost, HostSpec> = {
  react18: { label: 'React 18 + @grafana/* 12.4', vendor: 'vendor.js', react: 18, grafanaVersion: '12.4.2' },
  react19: {
    label: 'React 19 + @grafana/* 13.2',
    vendor: 'vendor-react19.js',
    react: 19,
    grafanaVersion: '13.2.3',
    modules: join(__dirname, 'react19'),
  },
};

/** The host the browser tests of this process run in. */
export function currentHost(): HarnessHost {
  const h = process.env.BELLWETHER_HARNESS_HOST ?? 'react18';
  if (h !== 'react18' && h !== 'react19') {
    throw new Error(`BELLWETHER_HARNESS_HOST must be react18 or react19, got "${h}"`);
  }
  return h;
}

/**
 * Installs harness/react19's packages from its lockfile (`npm ci --prefix harness/react19`) when they
 * are missing or older than the lockfile, the way scripts/ensure-system-deps.sh installs Debian
 * packages. A failed install is an error naming the command, never a skipped test.
 */
export function ensureReact19Packages(): void {
  const dir = HOSTS.react19.modules!;
  const lock = join(dir, 'package-lock.json');
  const stamp = join(dir, 'node_modules', '.package-lock.json');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(lock).mtimeMs) {
    return;
  }
  try {
    execFileSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const stderr = String((e as { stderr?: Buffer }).stderr ?? '').trim().split('\n').slice(-3).join(' ');
    throw new Error(`npm ci --prefix harness/react19 failed (the React 19 harness host needs it): ${stderr}`);
  }
}
