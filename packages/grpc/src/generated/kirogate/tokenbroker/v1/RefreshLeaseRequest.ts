// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto


export interface RefreshLeaseRequest {
  'leaseId'?: (string);
}

export interface RefreshLeaseRequest__Output {
  'leaseId': (string);
}
