// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto


export interface CredentialWriteCounts {
  'inserted'?: (number);
  'skipped'?: (number);
}

export interface CredentialWriteCounts__Output {
  'inserted': (number);
  'skipped': (number);
}
