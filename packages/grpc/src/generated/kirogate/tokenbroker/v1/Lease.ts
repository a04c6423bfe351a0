// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type { AuthKind as _kirogate_tokenbroker_v1_AuthKind, AuthKind__Output as _kirogate_tokenbroker_v1_AuthKind__Output } from '../../../kirogate/tokenbroker/v1/AuthKind.ts';
import type { Long } from '@grpc/proto-loader';

export interface Lease {
  'leaseId'?: (string);
  'credentialId'?: (string);
  'accessToken'?: (string);
  'authKind'?: (_kirogate_tokenbroker_v1_AuthKind);
  'region'?: (string);
  /**
   * Only for social credentials; empty otherwise.
   */
  'profileArn'?: (string);
  'machineId'?: (string);
  /**
   * Epoch milliseconds.
   */
  'expiresAtMs'?: (number | string | Long);
}

export interface Lease__Output {
  'leaseId': (string);
  'credentialId': (string);
  'accessToken': (string);
  'authKind': (_kirogate_tokenbroker_v1_AuthKind__Output);
  'region': (string);
  /**
   * Only for social credentials; empty otherwise.
   */
  'profileArn': (string);
  'machineId': (string);
  /**
   * Epoch milliseconds.
   */
  'expiresAtMs': (number);
}
