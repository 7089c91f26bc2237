// DomError: one class per WebIDL DOMException name, with type "androidx.credentials.TYPE_<UPPER_SNAKE>_ERROR".
// Carried by the *DomException classes of the Get/Create public-key and restore families.

const PREFIX = 'androidx.credentials.TYPE_';

/** DOMException names, in the library's order of declaration (alphabetical). */
export const DOM_ERROR_NAMES = [
  'AbortError',
  'ConstraintError',
  'DataCloneError',
  'DataError',
  'EncodingError',
  'HierarchyRequestError',
  'InUseAttributeError',
  'InvalidCharacterError',
  'InvalidModificationError',
  'InvalidNodeTypeError',
  'InvalidStateError',
  'NamespaceError',
  'NetworkError',
  'NoModificationAllowedError',
  'NotAllowedError',
  'NotFoundError',
  'NotReadableError',
  'NotSupportedError',
  'OperationError',
  'OptOutError',
  'QuotaExceededError',
  'ReadOnlyError',
  'SecurityError',
  'SyntaxError',
  'TimeoutError',
  'TransactionInactiveError',
  'UnknownError',
  'VersionError',
  'WrongDocumentError',
] as const;

export type DomErrorName = (typeof DOM_ERROR_NAMES)[number];

/** "InUseAttributeError" → "androidx.credentials.TYPE_IN_USE_ATTRIBUTE_ERROR". */
export function domErrorType(name: DomErrorName): string {
  const snake = name
    .replace(/Error$/, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toUpperCase();
  return `${PREFIX}${snake}_ERROR`;
}

export abstract class DomError {
  readonly type: string;
  /** The DOMException name, e.g. "NotAllowedError". */
  readonly name: DomErrorName;

  protected constructor(name: DomErrorName) {
    this.name = name;
    this.type = domErrorType(name);
  }

  /** The DomError whose `type` is `type`, or null when it is not one of the library's. */
  static fromType(type: string): DomError | null {
    const name = DOM_ERROR_NAMES.find((n) => domErrorType(n) === type);
    return name === undefined ? null : domError(name);
  }
}

class NamedDomError extends DomError {
  constructor(name: DomErrorName) {
    super(name);
  }
}

/** A DomError by its DOMException name: `domError('NotAllowedError')`. */
export function domError(name: DomErrorName): DomError {
  return new NamedDomError(name);
}

// The classes apps and providers use most, under the library's names.
export class AbortError extends DomError {
  constructor() {
    super('AbortError');
  }
}
export class ConstraintError extends DomError {
  constructor() {
    super('ConstraintError');
  }
}
export class DataError extends DomError {
  constructor() {
    super('DataError');
  }
}
export class EncodingError extends DomError {
  constructor() {
    super('EncodingError');
  }
}
export class InvalidStateError extends DomError {
  constructor() {
    super('InvalidStateError');
  }
}
export class NotAllowedError extends DomError {
  constructor() {
    super('NotAllowedError');
  }
}
export class NotSupportedError extends DomError {
  constructor() {
    super('NotSupportedError');
  }
}
export class SecurityError extends DomError {
  constructor() {
    super('SecurityError');
  }
}
export class TimeoutError extends DomError {
  constructor() {
    super('TimeoutError');
  }
}
export class UnknownError extends DomError {
  constructor() {
    super('UnknownError');
  }
}
