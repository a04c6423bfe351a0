// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type { AuthKind as _kirogate_tokenbroker_v1_AuthKind, AuthKind__Output as _kirogate_tokenbroker_v1_AuthKind__Output } from '../../../kirogate/tokenbroker/v1/AuthKind.ts';
import type { Visibility as _kirogate_tokenbroker_v1_Visibility, Visibility__Output as _kirogate_tokenbroker_v1_Visibility__Output } from '../../../kirogate/tokenbroker/v1/Visibility.ts';
import type { CredentialState as _kirogate_tokenbroker_v1_CredentialState, CredentialState__Output as _kirogate_tokenbroker_v1_CredentialState__Output } from '../../../kirogate/tokenbroker/v1/CredentialState.ts';
import type { Long } from '@grpc/proto-loader';

export interface CredentialSummary {
  'id'?: (string);
  /**
   * "server" or "donated".
   */
  'source'?: (string);
  'authKind'?: (_kirogate_tokenbroker_v1_AuthKind);
  'ownerUserId'?: (string);
  'visibility'?: (_kirogate_tokenbroker_v1_Visibility);
  'anonymous'?: (boolean);
  'status'?: (_kirogate_tokenbroker_v1_CredentialState);
  'statusReason'?: (string);
  'successCount'?: (number | string | Long);
  'failCount'?: (number | string | Long);
  'creditsUsed'?: (number | string);
  'availableCredits'?: (number | string);
  'quotaResetAtMs'?: (number | string | Long);
  'lastUsedAtMs'?: (number | string | Long);
  'lastCheckAtMs'?: (number | string | Long);
  'createdAtMs'?: (number | string | Long);
  '_ownerUserId'?: "ownerUserId";
  '_statusReason'?: "statusReason";
  '_availableCredits'?: "availableCredits";
  '_quotaResetAtMs'?: "quotaResetAtMs";
  '_lastUsedAtMs'?: "lastUsedAtMs";
  '_lastCheckAtMs'?: "lastCheckAtMs";
}

export interface CredentialSummary__Output {
  'id': (string);
  /**
   * "server" or "donated".
   */
  'source': (string);
  'authKind': (_kirogate_tokenbroker_v1_AuthKind__Output);
  'ownerUserId'?: (string);
  'visibility': (_kirogate_tokenbroker_v1_Visibility__Output);
  'anonymous': (boolean);
  'status': (_kirogate_tokenbroker_v1_CredentialState__Output);
  'statusReason'?: (string);
  'successCount': (number);
  'failCount': (number);
  'creditsUsed': (number);
  'availableCredits'?: (number);
  'quotaResetAtMs'?: (number);
  'lastUsedAtMs'?: (number);
  'lastCheckAtMs'?: (number);
  'createdAtMs': (number);
  '_ownerUserId'?: "ownerUserId";
  '_statusReason'?: "statusReason";
  '_availableCredits'?: "availableCredits";
  '_quotaResetAtMs'?: "quotaResetAtMs";
  '_lastUsedAtMs'?: "lastUsedAtMs";
  '_lastCheckAtMs'?: "lastCheckAtMs";
}
