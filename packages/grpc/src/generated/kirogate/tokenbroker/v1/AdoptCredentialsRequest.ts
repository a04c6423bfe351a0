// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type { AdoptedCredential as _kirogate_tokenbroker_v1_AdoptedCredential, AdoptedCredential__Output as _kirogate_tokenbroker_v1_AdoptedCredential__Output } from '../../../kirogate/tokenbroker/v1/AdoptedCredential.ts';

export interface AdoptCredentialsRequest {
  'items'?: (_kirogate_tokenbroker_v1_AdoptedCredential)[];
  /**
   * Counts what would be written, writes nothing.
   */
  'dryRun'?: (boolean);
}

export interface AdoptCredentialsRequest__Output {
  'items': (_kirogate_tokenbroker_v1_AdoptedCredential__Output)[];
  /**
   * Counts what would be written, writes nothing.
   */
  'dryRun': (boolean);
}
