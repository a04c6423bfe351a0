import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  type ChannelCredentials,
  credentials as grpcCredentials,
  Metadata,
  type ServerCredentials,
  ServerCredentials as ServerCredentialsFactory,
  type ServerUnaryCall,
  type sendUnaryData,
  status,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';

/** The metadata key carrying the shared service token. */
export const internalTokenKey = 'x-kirogate-internal-token';

/** How services prove to each other that they belong to one deployment, and optional TLS. */
export interface InternalAuth {
  /** Shared secret every service of the deployment is given (`INTERNAL_TOKEN`); unset = no check. */
  token?: string | undefined;
  /** PEM files; the server needs cert + key, the client the CA that signed the server's cert. */
  tls?:
    | { certFile?: string | undefined; keyFile?: string | undefined; caFile?: string | undefined }
    | undefined;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Wraps every method of a service so a call without the deployment's token is refused with
 * UNAUTHENTICATED before the handler runs. The comparison is on SHA-256 digests, in constant time.
 */
export function requireInternalToken(
  implementation: UntypedServiceImplementation,
  token: string,
): UntypedServiceImplementation {
  const expected = digest(token);
  const wrapped: UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(implementation)) {
    wrapped[method] = ((call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      const [presented] = call.metadata.get(internalTokenKey);
      if (typeof presented !== 'string' || !timingSafeEqual(digest(presented), expected)) {
        callback({
          code: status.UNAUTHENTICATED,
          details: 'missing or wrong internal token',
          metadata: new Metadata(),
        });
        return;
      }
      (handler as (call: unknown, callback: unknown) => void)(call, callback);
    }) as UntypedServiceImplementation[string];
  }
  return wrapped;
}

/** Metadata for an outgoing call: `metadata` with the token added when one is configured. */
export function internalMetadata(auth: InternalAuth | undefined, metadata = new Metadata()): Metadata {
  if (auth?.token) metadata.set(internalTokenKey, auth.token);
  return metadata;
}

export function serverCredentials(auth: InternalAuth | undefined): ServerCredentials {
  const tls = auth?.tls;
  if (!tls?.certFile || !tls.keyFile) return ServerCredentialsFactory.createInsecure();
  return ServerCredentialsFactory.createSsl(
    null,
    [{ cert_chain: readFileSync(tls.certFile), private_key: readFileSync(tls.keyFile) }],
    false,
  );
}

export function channelCredentials(auth: InternalAuth | undefined): ChannelCredentials {
  const tls = auth?.tls;
  if (!tls?.caFile) return grpcCredentials.createInsecure();
  return grpcCredentials.createSsl(readFileSync(tls.caFile));
}
