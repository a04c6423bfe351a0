// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type { AuthKind as _kirogate_tokenbroker_v1_AuthKind, AuthKind__Output as _kirogate_tokenbroker_v1_AuthKind__Output } from '../../../kirogate/tokenbroker/v1/AuthKind.ts';
import type { Visibility as _kirogate_tokenbroker_v1_Visibility, Visibility__Output as _kirogate_tokenbroker_v1_Visibility__Output } from '../../../kirogate/tokenbroker/v1/Visibility.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * A `credentials` row from a backup: secrets sealed with our keyring, bound to `id`.
 */
export interface SealedCredential {
  'id'?: (string);
  'ownerUserId'?: (string);
  /**
   * "server" or "donated".
   */
  'source'?: (string);
  'authKind'?: (_kirogate_tokenbroker_v1_AuthKind);
  'refreshTokenEnc'?: (string);
  'clientIdEnc'?: (string);
  'clientSecretEnc'?: (string);
  'keyId'?: (string);
  'tokenHash'?: (string);
  'clientExpiresAtMs'?: (number | string | Long);
  'region'?: (string);
  'profileArn'?: (string);
  'visibility'?: (_kirogate_tokenbroker_v1_Visibility);
  'anonymous'?: (boolean);
  /**
   * The stored status name: active, invalid, disabled, suspended, quota_exhausted or cooldown.
   */
  'status'?: (string);
  'statusReason'?: (string);
  'statusUntilMs'?: (number | string | Long);
  'successCount'?: (number | string | Long);
  'failCount'?: (number | string | Long);
  'creditsUsed'?: (number | string);
  'creditsLimit'?: (number | string);
  'creditsAvailable'?: (number | string);
  'quotaResetsAtMs'?: (number | string | Long);
  'lastUsedAtMs'?: (number | string | Long);
  'lastCheckAtMs'?: (number | string | Long);
  'createdAtMs'?: (number | string | Long);
  'updatedAtMs'?: (number | string | Long);
  '_ownerUserId'?: "ownerUserId";
  '_clientIdEnc'?: "clientIdEnc";
  '_clientSecretEnc'?: "clientSecretEnc";
  '_clientExpiresAtMs'?: "clientExpiresAtMs";
  '_profileArn'?: "profileArn";
  '_statusReason'?: "statusReason";
  '_statusUntilMs'?: "statusUntilMs";
  '_creditsLimit'?: "creditsLimit";
  '_creditsAvailable'?: "creditsAvailable";
  '_quotaResetsAtMs'?: "quotaResetsAtMs";
  '_lastUsedAtMs'?: "lastUsedAtMs";
  '_lastCheckAtMs'?: "lastCheckAtMs";
}

/**
 * A `credentials` row from a backup: secrets sealed with our keyring, bound to `id`.
 */
export interface SealedCredential__Output {
  'id': (string);
  'ownerUserId'?: (string);
  /**
   * "server" or "donated".
   */
  'source': (string);
  'authKind': (_kirogate_tokenbroker_v1_AuthKind__Output);
  'refreshTokenEnc': (string);
  'clientIdEnc'?: (string);
  'clientSecretEnc'?: (string);
  'keyId': (string);
  'tokenHash': (string);
  'clientExpiresAtMs'?: (number);
  'region': (string);
  'profileArn'?: (string);
  'visibility': (_kirogate_tokenbroker_v1_Visibility__Output);
  'anonymous': (boolean);
  /**
   * The stored status name: active, invalid, disabled, suspended, quota_exhausted or cooldown.
   */
  'status': (string);
  'statusReason'?: (string);
  'statusUntilMs'?: (number);
  'successCount': (number);
  'failCount': (number);
  'creditsUsed': (number);
  'creditsLimit'?: (number);
  'creditsAvailable'?: (number);
  'quotaResetsAtMs'?: (number);
  'lastUsedAtMs'?: (number);
  'lastCheckAtMs'?: (number);
  'createdAtMs': (number);
  'updatedAtMs': (number);
  '_ownerUserId'?: "ownerUserId";
  '_clientIdEnc'?: "clientIdEnc";
  '_clientSecretEnc'?: "clientSecretEnc";
  '_clientExpiresAtMs'?: "clientExpiresAtMs";
  '_profileArn'?: "profileArn";
  '_statusReason'?: "statusReason";
  '_statusUntilMs'?: "statusUntilMs";
  '_creditsLimit'?: "creditsLimit";
  '_creditsAvailable'?: "creditsAvailable";
  '_quotaResetsAtMs'?: "quotaResetsAtMs";
  '_lastUsedAtMs'?: "lastUsedAtMs";
  '_lastCheckAtMs'?: "lastCheckAtMs";
}
