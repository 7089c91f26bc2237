// parseMetadataBlob: reads a FIDO Metadata Service v3 BLOB (MDS3 §3.2: a JWT in JWS compact serialization whose
// x5c header carries the signing chain), verifies it as MDS3 §3.3 asks, and indexes its entries. Pure: the
// BLOB's text and the clock are inputs, the caller fetches and caches.
// Codes: metadata_invalid (not a JWS, alg, chain not ending at a supplied root, signature, payload shape);
// metadata_expired (now is after the nextUpdate day).
import { WebAuthnError } from '../errors.js';
import { parseX5cJws, verifyX5cJwsSignature, type JwsContext, type X5cJws } from '../jws.js';
import { type AttestationCertificate, parseCertificate } from '../x509/certificate.js';
import { anchoredPrefix, canIssue, isIssuedBy, isValidAt } from '../x509/chain.js';
import { unknownCriticalExtensions } from '../x509/extensions.js';
import { dayStart, isAfterDay } from './dates.js';
import { readEntries } from './entries.js';
import type { MetadataBlob, MetadataEntry } from './types.js';

export interface ParseMetadataBlobInput {
  /** The BLOB as downloaded: the JWS text, or its bytes (UTF-8). */
  blob: string | Uint8Array;
  /** DER roots the BLOB's signing chain must end at (the FIDO Alliance root for the real service). */
  roots: readonly Uint8Array[];
  /** The time at which certificates and nextUpdate are judged. */
  now: Date;
}

const BLOB: JwsContext = { code: 'metadata_invalid', what: 'MDS BLOB' };

function invalid(message: string): never {
  throw new WebAuthnError('metadata_invalid', message);
}

const subjectOf = (cert: AttestationCertificate) => cert.x509.subject.replace(/\n/g, ', ');

/** Decodes the BLOB's JWS without judging it (for inspection): header, payload, signing input. */
export function decodeMetadataBlob(blob: string | Uint8Array): X5cJws {
  const text = typeof blob === 'string' ? blob : Buffer.from(blob).toString('utf8');
  return parseX5cJws(text.trim(), BLOB);
}

/**
 * MDS3 §3.3 (signing chain): x5c[0] signed the BLOB; each certificate is issued by the next, issuers being CAs;
 * the chain ends at one of `roots` (a root itself, or a certificate a root issued); every certificate used,
 * the root included, is valid at `now` and has no critical extension credkit does not process (RFC 5280 §6.1).
 */
export function verifyBlobChain(jws: X5cJws, roots: readonly Uint8Array[], now: Date): void {
  const path = jws.header.x5c;
  for (let i = 0; i + 1 < path.length; i++) {
    if (!isIssuedBy(path[i]!, path[i + 1]!)) invalid(`MDS BLOB x5c[${i}] is not issued by x5c[${i + 1}]`);
    if (!canIssue(path[i + 1]!)) invalid(`MDS BLOB x5c[${i + 1}] may not issue certificates`);
  }
  if (roots.length === 0) invalid('no MDS root certificate was supplied');
  const anchors = roots.map((der, i) => parseCertificate(der, `MDS root ${i}`, 'metadata_invalid'));
  const used = anchoredPrefix(path, anchors);
  if (!used) invalid('MDS BLOB signing chain does not end at a supplied root');
  for (const cert of [...used.prefix, used.anchor]) {
    if (!isValidAt(cert, now))
      invalid(`MDS BLOB chain certificate ${subjectOf(cert)} is not valid at ${now.toISOString()}`);
  }
  for (const cert of used.prefix) {
    const unknown = unknownCriticalExtensions(cert);
    if (unknown.length > 0)
      invalid(`MDS BLOB chain certificate has unrecognized critical extensions ${unknown.join(', ')}`);
  }
}

/** MDS3 §3.3: the signature over the JWS signing input verifies with x5c[0]'s key (RS256 or ES256). */
export function blobSignatureVerifies(jws: X5cJws): boolean {
  let key;
  try {
    key = jws.header.x5c[0]!.x509.publicKey;
  } catch {
    return invalid('MDS BLOB signer certificate key cannot be used');
  }
  return verifyX5cJwsSignature(jws, key, BLOB);
}

/** MDS3 §3.1.6: nextUpdate is a date; the BLOB may be relied on through the whole of that day (UTC). */
export function checkFresh(blob: Pick<MetadataBlob, 'nextUpdate'>, now: Date): void {
  if (isAfterDay(blob.nextUpdate, now))
    throw new WebAuthnError(
      'metadata_expired',
      `the MDS BLOB's nextUpdate ${blob.nextUpdate} has passed (now ${now.toISOString()}): fetch a newer BLOB`,
    );
}

export function parseMetadataBlob({ blob, roots, now }: ParseMetadataBlobInput): MetadataBlob {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) invalid('now is not a valid Date');
  // MDS3 §3.2: a JWS in compact serialization, x5c in its protected header
  const jws = decodeMetadataBlob(blob);
  // MDS3 §3.3: the signing chain (x5c) ends at a configured root
  verifyBlobChain(jws, roots, now);
  // MDS3 §3.3: the BLOB's signature verifies with the signing certificate
  if (!blobSignatureVerifies(jws)) invalid('MDS BLOB signature does not verify');
  // MDS3 §3.1.6: the payload's no, nextUpdate, entries (legalHeader optional here)
  const { no, nextUpdate, entries, legalHeader } = jws.payload;
  if (typeof no !== 'number' || !Number.isSafeInteger(no) || no < 0)
    invalid('MDS BLOB payload no is not a non-negative integer');
  if (typeof nextUpdate !== 'string' || dayStart(nextUpdate) === undefined)
    invalid('MDS BLOB payload nextUpdate is not a YYYY-MM-DD date');
  if (legalHeader !== undefined && typeof legalHeader !== 'string')
    invalid('MDS BLOB payload legalHeader is not a string');
  // MDS3 §3.3: a BLOB past its nextUpdate is stale
  checkFresh({ nextUpdate }, now);
  const read = readEntries(entries);
  const byAaguid = new Map<string, MetadataEntry>();
  const byKeyIdentifier = new Map<string, MetadataEntry>();
  for (const entry of read) {
    // MDS3 §3.1.1: FIDO2 entries carry aaguid, U2F entries attestationCertificateKeyIdentifiers (first one wins)
    if (entry.aaguid && !byAaguid.has(entry.aaguid)) byAaguid.set(entry.aaguid, entry);
    for (const id of entry.attestationCertificateKeyIdentifiers ?? [])
      if (!byKeyIdentifier.has(id)) byKeyIdentifier.set(id, entry);
  }
  const result: MetadataBlob = {
    no,
    nextUpdate,
    alg: jws.header.alg,
    signer: jws.header.x5c[0]!.x509.subject,
    entries: read,
    byAaguid,
    byKeyIdentifier,
  };
  if (legalHeader !== undefined) result.legalHeader = legalHeader;
  return result;
}
