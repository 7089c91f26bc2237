// The server's attestation trust from its configuration: MDS_ROOT_CERT read, the MDS_BLOB service built, and the
// policy the relying party applies (ATTESTATION_POLICY, or attestation optional when only a BLOB is given).
import { readFile } from 'node:fs/promises';
import { certificatesFromPem, type AttestationPolicy, type MetadataBlob } from '@credkit/webauthn';
import type { ServerConfig } from '../config.js';
import { MetadataService, type MetadataClock, type MetadataLog } from './service.js';
import type { FetchLike } from './source.js';

export { MetadataService, nodeClock, nextUpdateTime, DEFAULT_RETRY_MS } from './service.js';
export type { MetadataClock, MetadataLog, MetadataServiceOptions } from './service.js';
export type { FetchLike } from './source.js';
export { parseAttestationPolicy, describeAttestationPolicy } from './policy.js';

/** What the relying party judges passkey registrations with. */
export interface AttestationTrust {
  /** The MDS BLOB in use now. */
  metadata(): MetadataBlob;
  policy: AttestationPolicy;
}

/** Test and embedding hooks for the MDS service: the clock and timer, fetch, the log, the retry delay. */
export interface MetadataDependencies {
  clock?: MetadataClock;
  fetch?: FetchLike;
  log?: MetadataLog;
  retryMs?: number;
}

export const DEFAULT_MDS_CACHE = './data/mds-blob.jwt';

/** The MDS service for the configuration (not started), or undefined when MDS_BLOB is not set. */
export async function metadataService(
  config: ServerConfig,
  deps: MetadataDependencies = {},
): Promise<MetadataService | undefined> {
  if (!config.mdsBlob) return undefined;
  const pem = await readFile(config.mdsRootCert!, 'utf8');
  const roots = certificatesFromPem(pem);
  if (roots.length === 0) throw new Error(`MDS_ROOT_CERT ${config.mdsRootCert} holds no PEM certificate`);
  return new MetadataService({
    location: config.mdsBlob,
    roots,
    cacheFile: config.mdsCache ?? DEFAULT_MDS_CACHE,
    ...deps,
  });
}

/** The trust the relying party applies, from a started service and the configured policy. */
export function attestationTrust(config: ServerConfig, service: MetadataService): AttestationTrust {
  return {
    metadata: () => service.current(),
    policy: config.attestationPolicy ?? { requireAttestation: false },
  };
}
