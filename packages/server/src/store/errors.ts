// Engine-neutral recognition of database errors.

/** True for a UNIQUE / PRIMARY KEY violation on SQLite or PostgreSQL. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
