import { ApiError } from './apiError';
import { cleanPath, readRequestTarget } from './requestTarget';

describe('cleanPath (Go net/http cleanPath)', () => {
  // Cases from Go's path.Clean tests, with cleanPath's trailing-slash rule.
  it.each([
    ['/', '/'],
    ['//', '/'],
    ['/abc', '/abc'],
    ['/abc/', '/abc/'],
    ['//abc//def//', '/abc/def/'],
    ['/./abc', '/abc'],
    ['/abc/./def', '/abc/def'],
    ['/abc/../def', '/def'],
    ['/../../abc', '/abc'],
    ['/abc/..', '/'],
    ['/abc/def/..', '/abc'],
    ['/abc/.', '/abc'],
  ])('%s -> %s', (path, clean) => {
    expect(cleanPath(path)).toBe(clean);
  });
});

describe('readRequestTarget', () => {
  it('decodes the path once and keeps the query string raw', () => {
    expect(readRequestTarget('/api/v1/label/%69nstance/values?match[]=%7Ba%3D%22b%22%7D')).toEqual({
      path: '/api/v1/label/instance/values',
      search: 'match[]=%7Ba%3D%22b%22%7D',
      searchParams: new URLSearchParams('match[]={a="b"}'),
    });
  });

  it('redirects a path that is not clean, keeping its query', () => {
    expect(readRequestTarget('//x/api/v1/query?query=1')).toEqual({ redirect: '/x/api/v1/query?query=1' });
    expect(readRequestTarget('//[')).toEqual({ redirect: '/%5B' });
  });

  it('reads the path of an absolute-form target', () => {
    expect(readRequestTarget('http://example.test/api/v1/query?query=1')).toMatchObject({
      path: '/api/v1/query',
      search: 'query=1',
    });
  });

  it.each(['/%zz', '/%', '/%C3', '/a%00b', '*', 'api/v1/query'])('%s is a 400 bad_data', (target) => {
    expect(() => readRequestTarget(target)).toThrow(ApiError);
    try {
      readRequestTarget(target);
    } catch (e) {
      expect([(e as ApiError).status, (e as ApiError).type]).toEqual([400, 'bad_data']);
    }
  });
});
