// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto


export interface DeleteCredentialResponse {
}

export interface DeleteCredentialResponse__Output {
}
