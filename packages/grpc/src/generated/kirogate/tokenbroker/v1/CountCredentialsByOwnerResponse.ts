// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto


export interface CountCredentialsByOwnerResponse {
  /**
   * Owners without credentials are left out.
   */
  'counts'?: ({[key: string]: number});
}

export interface CountCredentialsByOwnerResponse__Output {
  /**
   * Owners without credentials are left out.
   */
  'counts': ({[key: string]: number});
}
