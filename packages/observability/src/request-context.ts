import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line of one request carries. `requestId` is fixed when the request starts; the
 * caller's ids become known only after authentication, so they may be filled in later.
 */
export interface RequestContext {
  readonly requestId: string;
  userId?: string;
  keyId?: string;
  credentialId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
