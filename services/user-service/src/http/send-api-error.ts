import { type AppError, httpStatusFor } from '@kirogate/errors';
import type { Response } from 'express';

/** `{"error": {"code", "message"}}` with the code's HTTP status; the message is already safe to show. */
export function sendApiError(res: Response, error: AppError): void {
  if (res.headersSent) return;
  if (error.details.retryAfterSeconds !== undefined) {
    res.setHeader('retry-after', String(error.details.retryAfterSeconds));
  }
  res.status(httpStatusFor(error.code)).json({ error: { code: error.code, message: error.message } });
}
