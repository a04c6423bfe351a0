// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type { CredentialSummary as _kirogate_tokenbroker_v1_CredentialSummary, CredentialSummary__Output as _kirogate_tokenbroker_v1_CredentialSummary__Output } from '../../../kirogate/tokenbroker/v1/CredentialSummary.ts';

export interface ListCredentialsResponse {
  'items'?: (_kirogate_tokenbroker_v1_CredentialSummary)[];
  'total'?: (number);
}

export interface ListCredentialsResponse__Output {
  'items': (_kirogate_tokenbroker_v1_CredentialSummary__Output)[];
  'total': (number);
}
