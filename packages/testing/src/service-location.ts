/** Where a test server was found, or why none was. `reason` never contains credentials. */
export type ServiceLocation =
  | { readonly available: true; readonly url: string; readonly source: 'env' | 'local' | 'container' }
  | { readonly available: false; readonly reason: string };

export function describeFailure(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeFailure(error.errors[0]);
  if (error instanceof Error) return 'code' in error && error.code ? String(error.code) : error.message;
  return String(error);
}
