// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type { OutcomeKind as _kirogate_tokenbroker_v1_OutcomeKind, OutcomeKind__Output as _kirogate_tokenbroker_v1_OutcomeKind__Output } from '../../../kirogate/tokenbroker/v1/OutcomeKind.ts';

export interface LeaseOutcomeReport {
  'leaseId'?: (string);
  'kind'?: (_kirogate_tokenbroker_v1_OutcomeKind);
  'latencyMs'?: (number | string);
  /**
   * Absent when unknown.
   */
  'credits'?: (number | string);
  'retryAfterSeconds'?: (number);
  '_credits'?: "credits";
  '_retryAfterSeconds'?: "retryAfterSeconds";
}

export interface LeaseOutcomeReport__Output {
  'leaseId': (string);
  'kind': (_kirogate_tokenbroker_v1_OutcomeKind__Output);
  'latencyMs': (number);
  /**
   * Absent when unknown.
   */
  'credits'?: (number);
  'retryAfterSeconds'?: (number);
  '_credits'?: "credits";
  '_retryAfterSeconds'?: "retryAfterSeconds";
}
