// The plain Java/Kotlin exceptions the library throws outside its own hierarchies:
// `require(...)` → IllegalArgumentException, `check(...)` → IllegalStateException, missing permission → SecurityException.

export class IllegalArgumentException extends Error {
  override readonly name = 'IllegalArgumentException';
}

export class IllegalStateException extends Error {
  override readonly name = 'IllegalStateException';
}

export class SecurityException extends Error {
  override readonly name = 'SecurityException';
}

/** Kotlin `require`: throws IllegalArgumentException with `message` unless `condition` holds. */
export function requireArgument(condition: unknown, message: string): asserts condition {
  if (!condition) throw new IllegalArgumentException(message);
}
