// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto


export interface CountCredentialsByOwnerRequest {
  'ownerUserIds'?: (string)[];
}

export interface CountCredentialsByOwnerRequest__Output {
  'ownerUserIds': (string)[];
}
