// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type { AuthKind as _kirogate_tokenbroker_v1_AuthKind, AuthKind__Output as _kirogate_tokenbroker_v1_AuthKind__Output } from '../../../kirogate/tokenbroker/v1/AuthKind.ts';
import type { Visibility as _kirogate_tokenbroker_v1_Visibility, Visibility__Output as _kirogate_tokenbroker_v1_Visibility__Output } from '../../../kirogate/tokenbroker/v1/Visibility.ts';

export interface RegisterCredentialRequest {
  'refreshToken'?: (string);
  'authKind'?: (_kirogate_tokenbroker_v1_AuthKind);
  'clientId'?: (string);
  'clientSecret'?: (string);
  'region'?: (string);
  'ownerUserId'?: (string);
  'visibility'?: (_kirogate_tokenbroker_v1_Visibility);
  'anonymous'?: (boolean);
  '_clientId'?: "clientId";
  '_clientSecret'?: "clientSecret";
  '_region'?: "region";
  '_ownerUserId'?: "ownerUserId";
}

export interface RegisterCredentialRequest__Output {
  'refreshToken': (string);
  'authKind': (_kirogate_tokenbroker_v1_AuthKind__Output);
  'clientId'?: (string);
  'clientSecret'?: (string);
  'region'?: (string);
  'ownerUserId'?: (string);
  'visibility': (_kirogate_tokenbroker_v1_Visibility__Output);
  'anonymous': (boolean);
  '_clientId'?: "clientId";
  '_clientSecret'?: "clientSecret";
  '_region'?: "region";
  '_ownerUserId'?: "ownerUserId";
}
