// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto


export interface PoolStatusRequest {
}

export interface PoolStatusRequest__Output {
}
