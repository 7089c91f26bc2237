// Generated FIDO MDS3 material for tests (no network): a BLOB root CA, an intermediate and a signer (RS256 or
// ES256), BLOBs signed by them, an attestation root and batch certificate for a packed security key, and
// registrations made by the software authenticator with that chain.
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { KeyUsage, KeyUsageFlags, id_ce_keyUsage } from '@peculiar/asn1-x509';
import { SoftwareAuthenticator } from '../../packages/provider/src/authenticator.js';
import { extension, mintCertificate, PACKED_SUBJECT } from './attestation-certs.js';

export type Minted = ReturnType<typeof mintCertificate>;

export const RP_ID = 'example.com';
export const ORIGIN = 'https://example.com';
export const AAGUID = '2fc0579f-8113-47ea-b116-bb5a8db9202a';
export const NEXT_UPDATE = '2030-06-01';
/** A moment at which every generated certificate is valid and the BLOB is fresh. */
export const NOW = new Date('2030-05-20T12:00:00Z');

const caSubject = (cn: string): Array<[string, string]> => [
  ['2.5.4.6', 'US'],
  ['2.5.4.10', 'credkit test MDS'],
  ['2.5.4.3', cn],
];

const CERT_SIGN = extension(
  id_ce_keyUsage,
  new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign),
  true,
);

export function mintCa(cn: string, issuer?: Minted): Minted {
  return mintCertificate({ subject: caSubject(cn), ca: true, issuer, extensions: [CERT_SIGN] });
}

export interface BlobSigner {
  alg: 'RS256' | 'ES256';
  privateKey: KeyObject;
  /** x5c, signer first. */
  x5c: Uint8Array[];
}

/** A BLOB signer under `root`: RS256 (RSA 2048) via an intermediate, or ES256 (P-256) directly. */
export function mintBlobSigner(root: Minted, alg: 'RS256' | 'ES256', intermediate?: Minted): BlobSigner {
  const keyPair =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const issuer = intermediate ?? root;
  const signer = mintCertificate({ subject: caSubject(`credkit MDS signer ${alg}`), issuer, keyPair });
  return {
    alg,
    privateKey: keyPair.privateKey,
    x5c: intermediate ? [signer.der, intermediate.der] : [signer.der],
  };
}

const b64url = (v: Uint8Array | string) => Buffer.from(v).toString('base64url');

/** A compact JWS over `payload` (RFC 7515 §7.1), x5c in standard base64. */
export function signBlob(payload: unknown, signer: BlobSigner): string {
  const header = {
    alg: signer.alg,
    typ: 'JWT',
    x5c: signer.x5c.map((d) => Buffer.from(d).toString('base64')),
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature =
    signer.alg === 'RS256'
      ? sign('sha256', Buffer.from(input), signer.privateKey)
      : sign('sha256', Buffer.from(input), { key: signer.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64url(signature)}`;
}

export interface StatusReportInput {
  status: string;
  effectiveDate?: string;
}

/** A FIDO2 entry whose statement names `attestationRoot` (MDS3 §3.1.1, Metadata Statement §4). */
export function fido2Entry(
  attestationRoot: Minted,
  statusReports: StatusReportInput[] = [{ status: 'FIDO_CERTIFIED_L1', effectiveDate: '2029-01-01' }],
  aaguid = AAGUID,
): Record<string, unknown> {
  return {
    aaguid,
    metadataStatement: {
      legalHeader: 'test',
      aaguid,
      description: 'credkit Test Security Key',
      authenticatorVersion: 1,
      protocolFamily: 'fido2',
      schema: 3,
      attestationTypes: ['basic_full'],
      attestationRootCertificates: [Buffer.from(attestationRoot.der).toString('base64')],
      icon: 'data:image/png;base64,iVBORw0KGgo=',
    },
    statusReports,
    timeOfLastStatusChange: '2029-01-01',
  };
}

export function payload(
  entries: unknown[],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return { legalHeader: 'credkit test BLOB', no: 42, nextUpdate: NEXT_UPDATE, entries, ...overrides };
}

/** A security key: an attestation root, a batch certificate it issued (packed subject, §8.2.1) and its key. */
export function mintSecurityKey(): { root: Minted; batch: Minted } {
  const root = mintCa('credkit test attestation root');
  const batch = mintCertificate({ subject: PACKED_SUBJECT, issuer: root });
  return { root, batch };
}

export function creationOptions(
  attestation: 'none' | 'direct' = 'direct',
  challenge = randomBytes(32).toString('base64url'),
) {
  return {
    rp: { id: RP_ID, name: 'Example' },
    user: { id: randomBytes(16).toString('base64url'), name: 'alice', displayName: 'Alice' },
    challenge,
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    attestation,
  };
}

/** A registration response by a packed security key with `aaguid` attesting with `batch` (or none at all). */
export function register(
  key: { batch: Minted } | undefined,
  aaguid = AAGUID,
  challenge?: string,
): { response: ReturnType<SoftwareAuthenticator['createCredential']>['response']; challenge: string } {
  const auth = new SoftwareAuthenticator({
    aaguid: new Uint8Array(Buffer.from(aaguid.replace(/-/g, ''), 'hex')),
    attestation: key ? 'packed' : 'none',
    attestationCertificate: key ? { privateKey: key.batch.privateKey, x5c: [key.batch.der] } : undefined,
    backupEligible: false,
  });
  const options = creationOptions(key ? 'direct' : 'none', challenge);
  const { response } = auth.createCredential(options, { origin: ORIGIN });
  return { response, challenge: options.challenge };
}
