// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type { CredentialState as _kirogate_tokenbroker_v1_CredentialState, CredentialState__Output as _kirogate_tokenbroker_v1_CredentialState__Output } from '../../../kirogate/tokenbroker/v1/CredentialState.ts';
import type { Long } from '@grpc/proto-loader';

export interface CredentialCheckResult {
  'credentialId'?: (string);
  'status'?: (_kirogate_tokenbroker_v1_CredentialState);
  'reason'?: (string);
  'availableCredits'?: (number | string);
  'quotaResetAtMs'?: (number | string | Long);
  'checkedAtMs'?: (number | string | Long);
  '_reason'?: "reason";
  '_availableCredits'?: "availableCredits";
  '_quotaResetAtMs'?: "quotaResetAtMs";
}

export interface CredentialCheckResult__Output {
  'credentialId': (string);
  'status': (_kirogate_tokenbroker_v1_CredentialState__Output);
  'reason'?: (string);
  'availableCredits'?: (number);
  'quotaResetAtMs'?: (number);
  'checkedAtMs': (number);
  '_reason'?: "reason";
  '_availableCredits'?: "availableCredits";
  '_quotaResetAtMs'?: "quotaResetAtMs";
}
