// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto


export interface CheckCredentialRequest {
  'id'?: (string);
}

export interface CheckCredentialRequest__Output {
  'id': (string);
}
