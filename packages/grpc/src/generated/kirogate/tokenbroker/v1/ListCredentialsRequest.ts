// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type { Visibility as _kirogate_tokenbroker_v1_Visibility, Visibility__Output as _kirogate_tokenbroker_v1_Visibility__Output } from '../../../kirogate/tokenbroker/v1/Visibility.ts';
import type { CredentialState as _kirogate_tokenbroker_v1_CredentialState, CredentialState__Output as _kirogate_tokenbroker_v1_CredentialState__Output } from '../../../kirogate/tokenbroker/v1/CredentialState.ts';

export interface ListCredentialsRequest {
  'ownerUserId'?: (string);
  'visibility'?: (_kirogate_tokenbroker_v1_Visibility);
  'status'?: (_kirogate_tokenbroker_v1_CredentialState);
  'page'?: (number);
  'pageSize'?: (number);
  '_ownerUserId'?: "ownerUserId";
}

export interface ListCredentialsRequest__Output {
  'ownerUserId'?: (string);
  'visibility': (_kirogate_tokenbroker_v1_Visibility__Output);
  'status': (_kirogate_tokenbroker_v1_CredentialState__Output);
  'page': (number);
  'pageSize': (number);
  '_ownerUserId'?: "ownerUserId";
}
