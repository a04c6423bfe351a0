// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto


export interface ServerCaller {
}

export interface ServerCaller__Output {
}
