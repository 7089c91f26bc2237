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

  /** The DomError whose `type` is `type` (an instance of its class), or null when it is not one of the library's. */
  static fromType(type: string): DomError | null {
    const name = DOM_ERROR_NAMES.find((n) => domErrorType(n) === type);
    return name === undefined ? null : domError(name);
  }
}

/** A DomError by its DOMException name, as an instance of that name's class: `domError('NotAllowedError')`. */
export function domError(name: DomErrorName): DomError {
  return new DOM_ERROR_CLASSES[name]();
}

// One class per DOMException name, under the library's names (androidx.credentials.exceptions.domerrors).
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
export class DataCloneError extends DomError {
  constructor() {
    super('DataCloneError');
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
export class HierarchyRequestError extends DomError {
  constructor() {
    super('HierarchyRequestError');
  }
}
export class InUseAttributeError extends DomError {
  constructor() {
    super('InUseAttributeError');
  }
}
export class InvalidCharacterError extends DomError {
  constructor() {
    super('InvalidCharacterError');
  }
}
export class InvalidModificationError extends DomError {
  constructor() {
    super('InvalidModificationError');
  }
}
export class InvalidNodeTypeError extends DomError {
  constructor() {
    super('InvalidNodeTypeError');
  }
}
export class InvalidStateError extends DomError {
  constructor() {
    super('InvalidStateError');
  }
}
export class NamespaceError extends DomError {
  constructor() {
    super('NamespaceError');
  }
}
export class NetworkError extends DomError {
  constructor() {
    super('NetworkError');
  }
}
export class NoModificationAllowedError extends DomError {
  constructor() {
    super('NoModificationAllowedError');
  }
}
export class NotAllowedError extends DomError {
  constructor() {
    super('NotAllowedError');
  }
}
export class NotFoundError extends DomError {
  constructor() {
    super('NotFoundError');
  }
}
export class NotReadableError extends DomError {
  constructor() {
    super('NotReadableError');
  }
}
export class NotSupportedError extends DomError {
  constructor() {
    super('NotSupportedError');
  }
}
export class OperationError extends DomError {
  constructor() {
    super('OperationError');
  }
}
export class OptOutError extends DomError {
  constructor() {
    super('OptOutError');
  }
}
export class QuotaExceededError extends DomError {
  constructor() {
    super('QuotaExceededError');
  }
}
export class ReadOnlyError extends DomError {
  constructor() {
    super('ReadOnlyError');
  }
}
export class SecurityError extends DomError {
  constructor() {
    super('SecurityError');
  }
}
export class SyntaxError extends DomError {
  constructor() {
    super('SyntaxError');
  }
}
export class TimeoutError extends DomError {
  constructor() {
    super('TimeoutError');
  }
}
export class TransactionInactiveError extends DomError {
  constructor() {
    super('TransactionInactiveError');
  }
}
export class UnknownError extends DomError {
  constructor() {
    super('UnknownError');
  }
}
export class VersionError extends DomError {
  constructor() {
    super('VersionError');
  }
}
export class WrongDocumentError extends DomError {
  constructor() {
    super('WrongDocumentError');
  }
}

const DOM_ERROR_CLASSES: Record<DomErrorName, new () => DomError> = {
  AbortError,
  ConstraintError,
  DataCloneError,
  DataError,
  EncodingError,
  HierarchyRequestError,
  InUseAttributeError,
  InvalidCharacterError,
  InvalidModificationError,
  InvalidNodeTypeError,
  InvalidStateError,
  NamespaceError,
  NetworkError,
  NoModificationAllowedError,
  NotAllowedError,
  NotFoundError,
  NotReadableError,
  NotSupportedError,
  OperationError,
  OptOutError,
  QuotaExceededError,
  ReadOnlyError,
  SecurityError,
  SyntaxError,
  TimeoutError,
  TransactionInactiveError,
  UnknownError,
  VersionError,
  WrongDocumentError,
};
