import { AppError } from '@kirogate/errors';
import express, { type NextFunction, type Request, type Response } from 'express';

/** JSON, form and multipart bodies; multipart becomes an object whose files are `Blob`s. */
export function bodyParsers() {
  const json = express.json({ limit: '6mb' });
  const form = express.urlencoded({ extended: false, limit: '6mb' });
  const raw = express.raw({ type: 'multipart/form-data', limit: '6mb' });
  return [
    json,
    form,
    raw,
    async (req: Request, _res: Response, next: NextFunction) => {
      if (!Buffer.isBuffer(req.body) || !req.is('multipart/form-data')) return next();
      let data: FormData;
      try {
        data = await new Response(req.body, {
          headers: { 'content-type': req.get('content-type') ?? '' },
        }).formData();
      } catch {
        throw new AppError('INVALID_REQUEST', 'Malformed multipart body');
      }
      const fields: Record<string, unknown> = {};
      for (const [name, value] of data.entries()) fields[name] = value;
      req.body = fields;
      next();
    },
  ];
}
