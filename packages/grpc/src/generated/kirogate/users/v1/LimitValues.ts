// Original file: proto/kirogate/users/v1/user_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One set of limits; 0 = no limit of that kind.
 */
export interface LimitValues {
  'requestsPerMinute'?: (number);
  'concurrentRequests'?: (number);
  /**
   * Kiro credits per UTC day and month.
   */
  'dailyCredits'?: (number | string);
  'monthlyCredits'?: (number | string);
  /**
   * Input + output tokens per UTC day.
   */
  'dailyTokens'?: (number | string | Long);
}

/**
 * One set of limits; 0 = no limit of that kind.
 */
export interface LimitValues__Output {
  'requestsPerMinute': (number);
  'concurrentRequests': (number);
  /**
   * Kiro credits per UTC day and month.
   */
  'dailyCredits': (number);
  'monthlyCredits': (number);
  /**
   * Input + output tokens per UTC day.
   */
  'dailyTokens': (number);
}
