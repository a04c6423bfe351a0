// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type { AuthKind as _kirogate_tokenbroker_v1_AuthKind, AuthKind__Output as _kirogate_tokenbroker_v1_AuthKind__Output } from '../../../kirogate/tokenbroker/v1/AuthKind.ts';
import type { Visibility as _kirogate_tokenbroker_v1_Visibility, Visibility__Output as _kirogate_tokenbroker_v1_Visibility__Output } from '../../../kirogate/tokenbroker/v1/Visibility.ts';
import type { CredentialState as _kirogate_tokenbroker_v1_CredentialState, CredentialState__Output as _kirogate_tokenbroker_v1_CredentialState__Output } from '../../../kirogate/tokenbroker/v1/CredentialState.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * A credential moved over from the Python KiroGate. Secrets in plaintext (never logged).
 */
export interface AdoptedCredential {
  'refreshToken'?: (string);
  'authKind'?: (_kirogate_tokenbroker_v1_AuthKind);
  'clientId'?: (string);
  'clientSecret'?: (string);
  'region'?: (string);
  'ownerUserId'?: (string);
  'visibility'?: (_kirogate_tokenbroker_v1_Visibility);
  'anonymous'?: (boolean);
  /**
   * Only ACTIVE, INVALID or QUOTA_EXHAUSTED.
   */
  'status'?: (_kirogate_tokenbroker_v1_CredentialState);
  'statusReason'?: (string);
  'successCount'?: (number | string | Long);
  'failCount'?: (number | string | Long);
  'lastUsedAtMs'?: (number | string | Long);
  'lastCheckAtMs'?: (number | string | Long);
  'createdAtMs'?: (number | string | Long);
  '_clientId'?: "clientId";
  '_clientSecret'?: "clientSecret";
  '_region'?: "region";
  '_statusReason'?: "statusReason";
  '_lastUsedAtMs'?: "lastUsedAtMs";
  '_lastCheckAtMs'?: "lastCheckAtMs";
  '_createdAtMs'?: "createdAtMs";
}

/**
 * A credential moved over from the Python KiroGate. Secrets in plaintext (never logged).
 */
export interface AdoptedCredential__Output {
  'refreshToken': (string);
  'authKind': (_kirogate_tokenbroker_v1_AuthKind__Output);
  'clientId'?: (string);
  'clientSecret'?: (string);
  'region'?: (string);
  'ownerUserId': (string);
  'visibility': (_kirogate_tokenbroker_v1_Visibility__Output);
  'anonymous': (boolean);
  /**
   * Only ACTIVE, INVALID or QUOTA_EXHAUSTED.
   */
  'status': (_kirogate_tokenbroker_v1_CredentialState__Output);
  'statusReason'?: (string);
  'successCount': (number);
  'failCount': (number);
  'lastUsedAtMs'?: (number);
  'lastCheckAtMs'?: (number);
  'createdAtMs'?: (number);
  '_clientId'?: "clientId";
  '_clientSecret'?: "clientSecret";
  '_region'?: "region";
  '_statusReason'?: "statusReason";
  '_lastUsedAtMs'?: "lastUsedAtMs";
  '_lastCheckAtMs'?: "lastCheckAtMs";
  '_createdAtMs'?: "createdAtMs";
}
