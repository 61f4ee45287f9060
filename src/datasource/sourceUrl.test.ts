import { urlProblem } from './sourceUrl';

describe('a source URL without a scheme is refused with the fix', () => {
  it.each([
    ['bellwether:9091', 'bellwether:9091 has no scheme; set it to http://bellwether:9091 (or https://).'],
    ['  bellwether:9091 ', 'bellwether:9091 has no scheme; set it to http://bellwether:9091 (or https://).'],
    ['//bellwether:9091', '//bellwether:9091 has no scheme; set it to http://bellwether:9091 (or https://).'],
    ['localhost', 'localhost has no scheme; set it to http://localhost (or https://).'],
    ['ftp://bellwether:9091', 'ftp://bellwether:9091 is not an http:// or https:// URL: write http://host:port.'],
    ['http://bell wether:9091', 'http://bell wether:9091 is not a valid URL: write http://host:port.'],
  ])('%s', (url, message) => {
    expect(urlProblem(url)).toBe(message);
  });

  it.each(['', undefined, 'http://bellwether:9091', 'https://bellwether.example.com/base/', 'HTTP://10.0.0.1:9091'])(
    'accepts %s',
    (url) => {
      expect(urlProblem(url)).toBeUndefined();
    }
  );
});
