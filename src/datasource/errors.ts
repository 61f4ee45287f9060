/** A data source error whose message is meant for the panel (framework-free, usable in the worker). */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}
