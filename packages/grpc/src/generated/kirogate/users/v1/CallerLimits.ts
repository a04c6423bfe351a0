// Original file: proto/kirogate/users/v1/user_service.proto

import type { LimitValues as _kirogate_users_v1_LimitValues, LimitValues__Output as _kirogate_users_v1_LimitValues__Output } from '../../../kirogate/users/v1/LimitValues.ts';

/**
 * What the gateway enforces for this key: the user's limits (admin override, else the defaults) and
 * the key's own (each at or below the user's).
 */
export interface CallerLimits {
  'user'?: (_kirogate_users_v1_LimitValues | null);
  'key'?: (_kirogate_users_v1_LimitValues | null);
}

/**
 * What the gateway enforces for this key: the user's limits (admin override, else the defaults) and
 * the key's own (each at or below the user's).
 */
export interface CallerLimits__Output {
  'user': (_kirogate_users_v1_LimitValues__Output | null);
  'key': (_kirogate_users_v1_LimitValues__Output | null);
}
