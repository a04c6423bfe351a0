// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto


/**
 * Combined mode: the caller's own Kiro refresh token (a secret; never logged).
 */
export interface OwnTokenCaller {
  'refreshToken'?: (string);
  'refreshTokenHash'?: (string);
}

/**
 * Combined mode: the caller's own Kiro refresh token (a secret; never logged).
 */
export interface OwnTokenCaller__Output {
  'refreshToken': (string);
  'refreshTokenHash': (string);
}
