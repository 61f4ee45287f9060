/** Reason codes for errors raised by the eBPF page model. */
export type EbpfModelErrorCode = 'bad_result' | 'bad_reference' | 'bad_input' | 'bad_matcher' | 'bad_response';

/**
 * An error the eBPF page model raises on input it cannot use. `path` points into the offending
 * document (e.g. `runs[2].client.latencyMs.p99`) when there is one, so the page can show where.
 */
export class EbpfModelError extends Error {
  constructor(
    readonly code: EbpfModelErrorCode,
    message: string,
    readonly path?: string
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'EbpfModelError';
  }
}
