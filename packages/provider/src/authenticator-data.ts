// Builds authenticator data (WebAuthn §6.1) and attested credential data (§6.5.2).
import { createHash } from 'node:crypto';

export const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40, ED: 0x80 } as const;

export interface AuthenticatorDataInput {
  rpId: string;
  userPresent: boolean;
  userVerified: boolean;
  backupEligible: boolean;
  backedUp: boolean;
  signCount: number;
  attestedCredential?: { aaguid: Uint8Array; credentialId: Uint8Array; cosePublicKey: Uint8Array };
}

export function sha256(data: Uint8Array | string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

export function buildAuthenticatorData(input: AuthenticatorDataInput): Uint8Array {
  let flags = 0;
  if (input.userPresent) flags |= FLAG.UP;
  if (input.userVerified) flags |= FLAG.UV;
  if (input.backupEligible) flags |= FLAG.BE;
  // §6.1.3: BS may only be set together with BE
  if (input.backupEligible && input.backedUp) flags |= FLAG.BS;
  const parts: Uint8Array[] = [sha256(input.rpId)];
  const header = Buffer.alloc(5);
  const att = input.attestedCredential;
  if (att) flags |= FLAG.AT;
  header.writeUInt8(flags, 0);
  header.writeUInt32BE(input.signCount >>> 0, 1);
  parts.push(header);
  if (att) {
    if (att.aaguid.length !== 16) throw new RangeError('AAGUID must be 16 bytes');
    const len = Buffer.alloc(2);
    len.writeUInt16BE(att.credentialId.length, 0);
    parts.push(att.aaguid, len, att.credentialId, att.cosePublicKey);
  }
  return new Uint8Array(Buffer.concat(parts));
}
