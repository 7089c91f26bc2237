// The attestation statement part of `credkit inspect` (WebAuthn §6.5.4): fmt, alg, signature length, each x5c
// certificate (for android-safetynet, those of the JWS header), and the format's other members.
import { algorithmName } from '@credkit/webauthn';
import { certificateInfo, type CertificateInfo } from './certificate-info.js';
import { toJsonValue, type JsonValue } from './json-value.js';
import { safetyNetInfo, type SafetyNetInfo } from './safetynet-info.js';

export interface AttestationInfo {
  fmt: JsonValue;
  alg?: number;
  algName?: string;
  sigLength?: number;
  x5c: CertificateInfo[];
  /** The other attStmt members (byte strings as base64url, with their length). */
  members: Record<string, JsonValue>;
  /** android-safetynet: the decoded JWS in attStmt.response (its x5c is also in `x5c`), or why it does not decode. */
  safetyNet?: Omit<SafetyNetInfo, 'x5c'> | { error: string };
}

export function attestationInfo(attObj: Map<unknown, unknown>): AttestationInfo {
  const stmt = attObj.get('attStmt');
  const info: AttestationInfo = { fmt: toJsonValue(attObj.get('fmt')), x5c: [], members: {} };
  if (!(stmt instanceof Map)) return info;
  for (const [key, value] of stmt) {
    if (key === 'alg' && typeof value === 'number') {
      info.alg = value;
      info.algName = algorithmName(value);
    } else if (key === 'sig' && value instanceof Uint8Array) {
      info.sigLength = value.length;
    } else if (key === 'x5c' && Array.isArray(value)) {
      info.x5c = value.map((der) =>
        der instanceof Uint8Array ? certificateInfo(der) : certificateInfo(new Uint8Array()),
      );
    } else {
      info.members[String(key)] =
        value instanceof Uint8Array ? `${value.length} bytes: ${toJsonValue(value)}` : toJsonValue(value);
    }
  }
  const response = stmt.get('response');
  if (info.fmt === 'android-safetynet' && response instanceof Uint8Array) {
    const jws = safetyNetInfo(response);
    if ('x5c' in jws) {
      const { x5c, ...rest } = jws;
      info.x5c = x5c;
      info.safetyNet = rest;
    } else info.safetyNet = jws;
  }
  return info;
}
