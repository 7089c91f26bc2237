// The android-safetynet part of `credkit inspect` (WebAuthn §8.5): attStmt.response is a JWS whose header
// carries the attestation certificate chain and whose payload holds nonce, timestampMs, ctsProfileMatch,
// apkPackageName and the rest. Shown decoded; the signature is not checked here (`credkit verify` does that).
import { parseSafetyNetJws } from '@credkit/webauthn';
import { certificateInfo, type CertificateInfo } from './certificate-info.js';
import { describeError } from './errors.js';
import { toJsonValue, type JsonValue } from './json-value.js';

export interface SafetyNetInfo {
  /** The JWS header's alg (RS256 / ES256). */
  alg: string;
  /** The JWS payload members as sent. */
  payload: { [member: string]: JsonValue };
  /** The JWS header's x5c chain, leaf first. */
  x5c: CertificateInfo[];
}

/** Decodes the SafetyNet JWS, or returns the reason it does not decode. */
export function safetyNetInfo(response: Uint8Array): SafetyNetInfo | { error: string } {
  try {
    const jws = parseSafetyNetJws(response);
    return {
      alg: jws.header.alg,
      payload: toJsonValue(jws.payload) as { [member: string]: JsonValue },
      x5c: jws.header.x5c.map((cert) => certificateInfo(cert.der)),
    };
  } catch (err) {
    return { error: describeError(err) };
  }
}
