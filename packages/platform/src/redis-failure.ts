import { AppError, toAppError } from '@kirogate/errors';
import { ReplyError } from 'ioredis';

/**
 * A Redis reply error is a bug on our side (wrong type, bad script) and stays INTERNAL; anything else
 * (timeout, closed connection, refused) means Redis is unavailable and callers may degrade.
 */
export function redisFailure(error: unknown): AppError {
  if (error instanceof ReplyError) return toAppError(error);
  return new AppError('DEPENDENCY_UNAVAILABLE', 'Redis is unavailable', {}, { cause: error });
}
