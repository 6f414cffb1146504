/** Redis did not take part in an operation: the circuit is open, or the command failed or timed out. */
export class CacheUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CacheUnavailableError';
  }
}
