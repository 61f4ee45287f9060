import { initialTheme, urlWithTheme } from '../../../preview/theme';

describe('preview theme choice', () => {
  it('takes the URL first, then the stored choice, then dark', () => {
    expect(initialTheme('?theme=light', 'dark')).toBe('light');
    expect(initialTheme('?x=1', 'light')).toBe('light');
    expect(initialTheme('', null)).toBe('dark');
  });

  it('ignores values that are not a theme', () => {
    expect(initialTheme('?theme=blue', 'light')).toBe('light');
    expect(initialTheme('?theme=', 'sepia')).toBe('dark');
  });

  it('writes the theme into the URL and keeps other parameters', () => {
    expect(urlWithTheme('http://127.0.0.1:3000/?x=1', 'light')).toBe('http://127.0.0.1:3000/?x=1&theme=light');
    expect(urlWithTheme('http://127.0.0.1:3000/?theme=light', 'dark')).toBe('http://127.0.0.1:3000/?theme=dark');
  });
});
