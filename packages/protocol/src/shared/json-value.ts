import { z } from 'zod';

/**
 * Any JSON value, one instance for every request schema: the OpenAPI document registers it once as
 * `JsonValue`, so the recursive schema is one component instead of one copy per format.
 */
export const jsonValueSchema = z.json();

/** A JSON object (tool input schemas, tool arguments, response formats). */
export const jsonObjectSchema = z.record(z.string(), jsonValueSchema);
