// Shared shape of the androidx.credentials exception families: a stable `type` string (what apps and
// `createFrom` branch on) and an optional `errorMessage`. The family bases are abstract, as in the library.

export abstract class CredentialManagerException extends Error {
  /** The library's type string, e.g. "android.credentials.GetCredentialException.TYPE_NO_CREDENTIAL". */
  readonly type: string;
  readonly errorMessage: string | null;

  protected constructor(type: string, errorMessage?: string | null) {
    super(errorMessage ?? type);
    this.name = new.target.name;
    this.type = type;
    this.errorMessage = errorMessage ?? null;
  }
}
