import type { AppError } from '@kirogate/errors';
import type { Response } from 'express';
import type { FormatAdapter } from '../formats/format-adapter.ts';

/** Sends an error in the caller's protocol, if nothing has been sent yet. */
export function sendError(res: Response, format: FormatAdapter, error: AppError): void {
  if (res.headersSent) return;
  const rendered = format.renderError(error);
  res.status(rendered.status);
  for (const [name, value] of Object.entries(rendered.headers)) res.setHeader(name, value);
  res.json(rendered.body);
}
