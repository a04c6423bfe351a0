// Original file: proto/kirogate/tokenbroker/v1/token_broker.proto

import type { LeaseOutcomeReport as _kirogate_tokenbroker_v1_LeaseOutcomeReport, LeaseOutcomeReport__Output as _kirogate_tokenbroker_v1_LeaseOutcomeReport__Output } from '../../../kirogate/tokenbroker/v1/LeaseOutcomeReport.ts';

export interface ReportOutcomeRequest {
  'reports'?: (_kirogate_tokenbroker_v1_LeaseOutcomeReport)[];
}

export interface ReportOutcomeRequest__Output {
  'reports': (_kirogate_tokenbroker_v1_LeaseOutcomeReport__Output)[];
}
