// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type { Caller as _kirogate_tokenbroker_v1_Caller, Caller__Output as _kirogate_tokenbroker_v1_Caller__Output } from '../../../kirogate/tokenbroker/v1/Caller.ts';

export interface LeaseCredentialRequest {
  'caller'?: (_kirogate_tokenbroker_v1_Caller | null);
  /**
   * Kiro model id.
   */
  'model'?: (string);
  /**
   * Conversation key for affinity; empty for none.
   */
  'sessionKey'?: (string);
  /**
   * Credentials that already failed this request.
   */
  'exclude'?: (string)[];
}

export interface LeaseCredentialRequest__Output {
  'caller': (_kirogate_tokenbroker_v1_Caller__Output | null);
  /**
   * Kiro model id.
   */
  'model': (string);
  /**
   * Conversation key for affinity; empty for none.
   */
  'sessionKey': (string);
  /**
   * Credentials that already failed this request.
   */
  'exclude': (string)[];
}
