// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto


export interface PoolStatusResponse {
  'total'?: (number);
  /**
   * Keyed by state name: active, invalid, disabled, suspended, quota_exhausted.
   */
  'byStatus'?: ({[key: string]: number});
  'coolingDown'?: (number);
  'inFlight'?: (number);
  /**
   * MAX_IN_FLIGHT_PER_CREDENTIAL × active public credentials: what the gateway shares out per user.
   */
  'publicCapacity'?: (number);
}

export interface PoolStatusResponse__Output {
  'total': (number);
  /**
   * Keyed by state name: active, invalid, disabled, suspended, quota_exhausted.
   */
  'byStatus': ({[key: string]: number});
  'coolingDown': (number);
  'inFlight': (number);
  /**
   * MAX_IN_FLIGHT_PER_CREDENTIAL × active public credentials: what the gateway shares out per user.
   */
  'publicCapacity': (number);
}
