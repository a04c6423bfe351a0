import { AppError, toAppError } from '@kirogate/errors';
import { ioredis } from './redis-modules.ts';

/**
 * A Redis reply error is a bug on our side (wrong type, bad script) and stays INTERNAL; anything else
 * (timeout, closed connection, refused) means Redis is unavailable and callers may degrade.
 */
export function redisFailure(error: unknown): AppError {
  if (error instanceof ioredis().ReplyError) return toAppError(error);
  return new AppError('DEPENDENCY_UNAVAILABLE', 'Redis is unavailable', {}, { cause: error });
}
