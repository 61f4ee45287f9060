/**
 * The preview's light/dark choice: `?theme=light|dark` in the URL wins, then the last choice kept in
 * localStorage, then dark (Grafana's default). A toggle writes both, so a reload or a shared link
 * shows the same theme.
 */
export type ThemeMode = 'light' | 'dark';

export const THEME_PARAM = 'theme';
export const THEME_STORAGE_KEY = 'bellwether-preview-theme';

function asMode(v: string | null | undefined): ThemeMode | undefined {
  return v === 'light' || v === 'dark' ? v : undefined;
}

/**
 * The theme to start with.
 * @example initialTheme('?theme=light', null) // 'light'
 */
export function initialTheme(search: string, stored: string | null): ThemeMode {
  return asMode(new URLSearchParams(search).get(THEME_PARAM)) ?? asMode(stored) ?? 'dark';
}

/**
 * The page URL with the theme set in its query, other parameters kept.
 * @example urlWithTheme('http://h/?x=1', 'light') // 'http://h/?x=1&theme=light'
 */
export function urlWithTheme(href: string, mode: ThemeMode): string {
  const url = new URL(href);
  url.searchParams.set(THEME_PARAM, mode);
  return url.toString();
}
