import { AppError } from '@kirogate/errors';
import type { Request } from 'express';

/** One field from a JSON or form body, or the query for GETs. */
export function field(req: Request, name: string): unknown {
  const body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && name in body) return body[name];
  return (req.query as Record<string, unknown>)[name];
}

export function optionalString(req: Request, name: string, maxLength = 10_000): string | undefined {
  const value = field(req, name);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new AppError('INVALID_REQUEST', `${name} must be a string`, { param: name });
  }
  const text = String(value).trim();
  if (text.length > maxLength) {
    throw new AppError('INVALID_REQUEST', `${name} is longer than ${maxLength} characters`, { param: name });
  }
  return text === '' ? undefined : text;
}

export function requiredString(req: Request, name: string, maxLength = 10_000): string {
  const value = optionalString(req, name, maxLength);
  if (value === undefined) throw new AppError('INVALID_REQUEST', `${name} is required`, { param: name });
  return value;
}

const truthy = new Set(['true', '1', 'on', 'yes']);
const falsy = new Set(['false', '0', 'off', 'no']);

export function optionalBoolean(req: Request, name: string): boolean | undefined {
  const value = field(req, name);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (truthy.has(text)) return true;
  if (falsy.has(text)) return false;
  throw new AppError('INVALID_REQUEST', `${name} must be true or false`, { param: name });
}

export function requiredBoolean(req: Request, name: string): boolean {
  const value = optionalBoolean(req, name);
  if (value === undefined) throw new AppError('INVALID_REQUEST', `${name} is required`, { param: name });
  return value;
}

export function oneOfField<T extends string>(
  req: Request,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(req, name, 64);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new AppError('INVALID_REQUEST', `${name} must be one of ${allowed.join(', ')}`, { param: name });
  }
  return value as T;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID from a path parameter or field; anything else is NOT_FOUND (it cannot name a row). */
export function uuidValue(value: unknown, what: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw new AppError('NOT_FOUND', `No such ${what}`);
  return value.toLowerCase();
}

export interface Paging {
  page: number;
  pageSize: number;
  offset: number;
}

export function paging(req: Request): Paging {
  const page = boundedInt(req.query.page, 1, 1, 1_000_000, 'page');
  const pageSize = boundedInt(req.query.page_size, 50, 1, 200, 'page_size');
  return { page, pageSize, offset: (page - 1) * pageSize };
}

export function boundedInt(raw: unknown, fallback: number, min: number, max: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AppError('INVALID_REQUEST', `${name} must be an integer between ${min} and ${max}`, {
      param: name,
    });
  }
  return value;
}

export function pagination(p: Paging, total: number) {
  return { page: p.page, page_size: p.pageSize, total };
}

export function iso(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}
