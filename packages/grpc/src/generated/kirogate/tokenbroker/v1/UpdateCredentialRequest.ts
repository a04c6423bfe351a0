// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type { Visibility as _kirogate_tokenbroker_v1_Visibility, Visibility__Output as _kirogate_tokenbroker_v1_Visibility__Output } from '../../../kirogate/tokenbroker/v1/Visibility.ts';
import type { CredentialState as _kirogate_tokenbroker_v1_CredentialState, CredentialState__Output as _kirogate_tokenbroker_v1_CredentialState__Output } from '../../../kirogate/tokenbroker/v1/CredentialState.ts';

export interface UpdateCredentialRequest {
  'id'?: (string);
  /**
   * UNSPECIFIED leaves it unchanged.
   */
  'visibility'?: (_kirogate_tokenbroker_v1_Visibility);
  /**
   * Only ACTIVE or DISABLED; UNSPECIFIED leaves it unchanged.
   */
  'status'?: (_kirogate_tokenbroker_v1_CredentialState);
}

export interface UpdateCredentialRequest__Output {
  'id': (string);
  /**
   * UNSPECIFIED leaves it unchanged.
   */
  'visibility': (_kirogate_tokenbroker_v1_Visibility__Output);
  /**
   * Only ACTIVE or DISABLED; UNSPECIFIED leaves it unchanged.
   */
  'status': (_kirogate_tokenbroker_v1_CredentialState__Output);
}
