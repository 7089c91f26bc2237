// CallingAppInfo: who is calling Credential Manager, as a provider sees it. The origin that goes into
// clientDataJSON is "android:apk-key-hash:<base64url SHA-256 of the signing certificate>" unless a
// privileged caller (a browser holding CREDENTIAL_MANAGER_SET_ORIGIN) set a web origin itself.
import { createHash } from 'node:crypto';
import { requireArgument } from './exceptions/java.js';

export interface AppIdentity {
  readonly packageName: string;
  /** The DER signing certificate; give this or `signingCertificateSha256`. */
  readonly signingCertificate?: Uint8Array;
  /** SHA-256 of the DER signing certificate (what keytool prints as the SHA-256 fingerprint). */
  readonly signingCertificateSha256?: Uint8Array;
}

export class CallingAppInfo {
  readonly packageName: string;
  /** SHA-256 of the app's signing certificate, 32 bytes. */
  readonly signingCertificateSha256: Uint8Array;
  /** The web origin a privileged caller set, or null for an ordinary app. */
  readonly origin: string | null;

  constructor(packageName: string, signingCertificateSha256: Uint8Array, origin: string | null = null) {
    requireArgument(packageName.length > 0, 'packageName must not be empty');
    requireArgument(signingCertificateSha256.length === 32, 'signingCertificateSha256 must be 32 bytes');
    this.packageName = packageName;
    this.signingCertificateSha256 = Uint8Array.from(signingCertificateSha256);
    this.origin = origin;
  }

  static fromApp(app: AppIdentity, origin: string | null = null): CallingAppInfo {
    return new CallingAppInfo(app.packageName, signingCertificateDigest(app), origin);
  }

  isOriginPopulated(): boolean {
    return this.origin !== null;
  }

  /** "android:apk-key-hash:<base64url(SHA-256(cert))>". */
  get apkKeyHashOrigin(): string {
    return apkKeyHashOrigin(this.signingCertificateSha256);
  }

  /** The origin for clientDataJSON: the privileged caller's origin, else the apk-key-hash origin. */
  get clientDataOrigin(): string {
    return this.origin ?? this.apkKeyHashOrigin;
  }
}

export function apkKeyHashOrigin(signingCertificateSha256: Uint8Array): string {
  return `android:apk-key-hash:${Buffer.from(signingCertificateSha256).toString('base64url')}`;
}

/** SHA-256 of the app's signing certificate, from whichever of the two forms it gave. */
export function signingCertificateDigest(app: AppIdentity): Uint8Array {
  if (app.signingCertificateSha256) return app.signingCertificateSha256;
  requireArgument(
    app.signingCertificate !== undefined,
    'signingCertificate or signingCertificateSha256 is required',
  );
  return createHash('sha256').update(app.signingCertificate).digest();
}
