import type { KiroClient } from '@kirogate/kiro';
import { kiroEventBatchesFromBytes } from '@kirogate/protocol';
import type { KiroCall } from './run-chat.ts';

/** Kiro's generateAssistantResponse, decoded into Kiro events, one batch per upstream read. */
export function kiroCallVia(client: KiroClient): KiroCall {
  return async (body, lease, signal) => {
    const auth = {
      accessToken: lease.accessToken,
      authKind: lease.authKind,
      machineId: lease.machineId,
      ...(lease.profileArn ? { profileArn: lease.profileArn } : {}),
    };
    const bytes = await client.generateAssistantResponse(body, auth, { signal });
    return kiroEventBatchesFromBytes(bytes);
  };
}
