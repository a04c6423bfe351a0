// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto


export interface DeleteCredentialRequest {
  'id'?: (string);
}

export interface DeleteCredentialRequest__Output {
  'id': (string);
}
