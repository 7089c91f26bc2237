// Small JSON helpers with org.json's semantics where the library relies on them.
import { requireArgument } from './exceptions/java.js';

export type JsonObject = Record<string, unknown>;

/** `JSONObject(json)`: the parsed object, or null when `json` is not a JSON object. */
export function parseJsonObject(json: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(json);
    return isJsonObject(value) ? value : null;
  } catch {
    return null;
  }
}

/** The library's `require(...)` on a JSON argument: IllegalArgumentException unless `json` is a JSON object. */
export function requireJsonObject(json: string, name: string): void {
  requireArgument(parseJsonObject(json) !== null, `${name} must not be empty, and must be a valid JSON`);
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * org.json `getString(key)`: throws when the key is absent, otherwise coerces the value to a string
 * (JSON null becomes "null", as on Android). Returns null instead of throwing.
 */
export function getStringCoerced(obj: JsonObject, key: string): string | null {
  if (!Object.hasOwn(obj, key) || obj[key] === undefined) return null;
  const value = obj[key];
  return typeof value === 'string' ? value : value === null ? 'null' : JSON.stringify(value);
}
