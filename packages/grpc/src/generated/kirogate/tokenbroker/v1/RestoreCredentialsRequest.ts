// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type { SealedCredential as _kirogate_tokenbroker_v1_SealedCredential, SealedCredential__Output as _kirogate_tokenbroker_v1_SealedCredential__Output } from '../../../kirogate/tokenbroker/v1/SealedCredential.ts';

export interface RestoreCredentialsRequest {
  'rows'?: (_kirogate_tokenbroker_v1_SealedCredential)[];
  /**
   * Checks that every row opens and counts what would be written; writes nothing.
   */
  'dryRun'?: (boolean);
}

export interface RestoreCredentialsRequest__Output {
  'rows': (_kirogate_tokenbroker_v1_SealedCredential__Output)[];
  /**
   * Checks that every row opens and counts what would be written; writes nothing.
   */
  'dryRun': (boolean);
}
