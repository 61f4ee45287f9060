import { of, throwError } from 'rxjs';

/**
 * An Observable-like of one promise, as `lastValueFrom` reads it: what the tests' stand-in for
 * Grafana's `getBackendSrv().fetch` returns.
 */
export function observe<T>(done: Promise<T>) {
  return {
    subscribe: (o: any) => {
      done.then(
        (v) => of(v).subscribe(o),
        (e) => throwError(() => e).subscribe(o)
      );
      return { unsubscribe() {} };
    },
  };
}
