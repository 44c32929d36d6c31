/** A known failure the IPC layer reports with its own code. */
export class StoreError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'IDENTITY_REQUIRED',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
