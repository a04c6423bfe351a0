import { z } from 'zod';

/** Marks a config field as secret so `summarizeConfig` reports only whether it is set. */
export function secret<T extends z.ZodType>(schema: T): T {
  return schema.meta({ secret: true });
}

/**
 * True when the field or any schema it wraps carries `secret: true` metadata. Wrappers such as
 * `.optional()` and `.default()` create new schemas without the inner one's metadata, hence the walk.
 */
export function isSecretSchema(schema: z.core.$ZodType): boolean {
  const seen = new Set<z.core.$ZodType>();
  const pending: z.core.$ZodType[] = [schema];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    if (seen.has(current)) continue;
    seen.add(current);
    if (z.globalRegistry.get(current)?.secret === true) return true;
    const def = current._zod.def as {
      innerType?: z.core.$ZodType;
      in?: z.core.$ZodType;
      out?: z.core.$ZodType;
    };
    for (const inner of [def.innerType, def.in, def.out]) {
      if (inner !== undefined) pending.push(inner);
    }
  }
  return false;
}
