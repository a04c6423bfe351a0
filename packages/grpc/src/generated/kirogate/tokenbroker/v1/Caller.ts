// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type { ServerCaller as _kirogate_tokenbroker_v1_ServerCaller, ServerCaller__Output as _kirogate_tokenbroker_v1_ServerCaller__Output } from '../../../kirogate/tokenbroker/v1/ServerCaller.ts';
import type { OwnTokenCaller as _kirogate_tokenbroker_v1_OwnTokenCaller, OwnTokenCaller__Output as _kirogate_tokenbroker_v1_OwnTokenCaller__Output } from '../../../kirogate/tokenbroker/v1/OwnTokenCaller.ts';
import type { UserCaller as _kirogate_tokenbroker_v1_UserCaller, UserCaller__Output as _kirogate_tokenbroker_v1_UserCaller__Output } from '../../../kirogate/tokenbroker/v1/UserCaller.ts';

/**
 * Who is calling the gateway, after authentication.
 */
export interface Caller {
  'server'?: (_kirogate_tokenbroker_v1_ServerCaller | null);
  'ownToken'?: (_kirogate_tokenbroker_v1_OwnTokenCaller | null);
  'user'?: (_kirogate_tokenbroker_v1_UserCaller | null);
  'kind'?: "server"|"ownToken"|"user";
}

/**
 * Who is calling the gateway, after authentication.
 */
export interface Caller__Output {
  'server'?: (_kirogate_tokenbroker_v1_ServerCaller__Output | null);
  'ownToken'?: (_kirogate_tokenbroker_v1_OwnTokenCaller__Output | null);
  'user'?: (_kirogate_tokenbroker_v1_UserCaller__Output | null);
  'kind'?: "server"|"ownToken"|"user";
}
