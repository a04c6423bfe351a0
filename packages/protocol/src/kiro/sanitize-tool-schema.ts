import type { JsonObject, JsonValue } from '../canonical/index.ts';

/**
 * Removes what Kiro rejects with 400 (docs/kiro-protocol.md#tool-definitions): `additionalProperties` and empty `required` arrays, at
 * every depth. Property names inside `properties` are data, not keywords, so they are kept even when a
 * property is called `additionalProperties`. A schema without `type` is declared an object.
 */
export function sanitizeToolSchema(schema: JsonObject): JsonObject {
  const clean = sanitizeNode(schema);
  return 'type' in clean ? clean : { type: 'object', ...clean };
}

function sanitizeNode(node: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties') continue;
    if (key === 'required' && Array.isArray(value) && value.length === 0) continue;
    out[key] = key === 'properties' && isObject(value) ? sanitizeProperties(value) : sanitizeValue(value);
  }
  return out;
}

function sanitizeProperties(properties: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [name, schema] of Object.entries(properties)) out[name] = sanitizeValue(schema);
  return out;
}

function sanitizeValue(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sanitizeValue);
  return isObject(value) ? sanitizeNode(value) : value;
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
