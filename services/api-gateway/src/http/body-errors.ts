import { AppError } from '@kirogate/errors';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Maps body-parser failures to our codes: never a 500 for a bad body. */
export function bodyParserError(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  const failure = error as BodyParserError;
  switch (failure.type) {
    case 'entity.parse.failed':
      return new AppError('INVALID_JSON', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new AppError(
        'PAYLOAD_TOO_LARGE',
        `The request body is larger than the ${Math.round((failure.limit ?? 0) / 1_048_576)} MB limit.`,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('INVALID_REQUEST', 'Unsupported request body encoding.');
    case 'request.aborted':
      return new AppError('INVALID_REQUEST', 'The request body was cut off.');
    default:
      return undefined;
  }
}
