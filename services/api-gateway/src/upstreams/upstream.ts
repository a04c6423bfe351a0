import type { Lease } from '@kirogate/contracts';
import type { StreamEvent } from '@kirogate/protocol';

/**
 * One model backend as the chat pipeline sees it: a request already converted for it (`conversion`),
 * sent with one lease. Resolves once the upstream accepted the call; then yields the canonical events of
 * each upstream read as one batch, ending with `finish` or `error`.
 */
export interface Upstream<Conversion> {
  open(conversion: Conversion, lease: Lease, signal: AbortSignal): Promise<AsyncIterator<StreamEvent[]>>;
}
