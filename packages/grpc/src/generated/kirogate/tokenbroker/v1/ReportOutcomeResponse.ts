// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto


export interface ReportOutcomeResponse {
  /**
   * Reports whose lease was unknown or already ended (ignored).
   */
  'ignored'?: (number);
}

export interface ReportOutcomeResponse__Output {
  /**
   * Reports whose lease was unknown or already ended (ignored).
   */
  'ignored': (number);
}
