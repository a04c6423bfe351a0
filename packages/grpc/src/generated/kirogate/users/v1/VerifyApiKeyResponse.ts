// Original file: proto/kirogate/users/v1/user_service.proto

import type { CallerStatus as _kirogate_users_v1_CallerStatus, CallerStatus__Output as _kirogate_users_v1_CallerStatus__Output } from '../../../kirogate/users/v1/CallerStatus.ts';
import type { CallerLimits as _kirogate_users_v1_CallerLimits, CallerLimits__Output as _kirogate_users_v1_CallerLimits__Output } from '../../../kirogate/users/v1/CallerLimits.ts';

export interface VerifyApiKeyResponse {
  'found'?: (boolean);
  'userId'?: (string);
  'keyId'?: (string);
  'status'?: (_kirogate_users_v1_CallerStatus);
  'limits'?: (_kirogate_users_v1_CallerLimits | null);
}

export interface VerifyApiKeyResponse__Output {
  'found': (boolean);
  'userId': (string);
  'keyId': (string);
  'status': (_kirogate_users_v1_CallerStatus__Output);
  'limits': (_kirogate_users_v1_CallerLimits__Output | null);
}
