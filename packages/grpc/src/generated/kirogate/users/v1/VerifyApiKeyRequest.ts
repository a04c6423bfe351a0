// Original file: proto/kirogate/users/v1/user_service.proto


export interface VerifyApiKeyRequest {
  /**
   * Lower-case hex SHA-256 of the presented `sk-` key; the key itself never crosses the wire.
   */
  'keyHash'?: (string);
}

export interface VerifyApiKeyRequest__Output {
  /**
   * Lower-case hex SHA-256 of the presented `sk-` key; the key itself never crosses the wire.
   */
  'keyHash': (string);
}
