// ATTESTATION_POLICY: the server's attestation policy as `key=value` pairs separated by `;`, read into the core's
// AttestationPolicy (applied by verifyAttestationMetadata with the MDS BLOB; WebAuthn L3 §7.1 steps 23-24).
//   attestation=required|optional   a registration must carry an attestation chain (default when a policy is set:
//                                   required); optional lets unattested registrations through
//   aaguids=AAGUID,AAGUID,...       only these authenticators (lower-case or upper-case, hyphenated)
//   certification=FIDO_CERTIFIED_L1 the lowest certification level accepted (L1, L1plus, L2, L2plus, L3, L3plus)
import { CERTIFICATION_LEVELS, isCertificationLevel, type AttestationPolicy } from '@credkit/webauthn';

const AAGUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEYS = ['attestation', 'aaguids', 'certification'] as const;

function fail(message: string): never {
  throw new Error(`ATTESTATION_POLICY: ${message}`);
}

/** Parses `attestation=required; aaguids=…; certification=FIDO_CERTIFIED_L1` (every key optional, each once). */
export function parseAttestationPolicy(text: string): AttestationPolicy {
  const seen = new Map<string, string>();
  for (const pair of text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) fail(`'${pair}' is not key=value`);
    const key = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (!(KEYS as readonly string[]).includes(key)) fail(`unknown key '${key}' (known: ${KEYS.join(', ')})`);
    if (seen.has(key)) fail(`'${key}' is given twice`);
    seen.set(key, value);
  }
  const policy: AttestationPolicy = {};
  const attestation = seen.get('attestation') ?? 'required';
  if (attestation !== 'required' && attestation !== 'optional')
    fail(`attestation must be required or optional, not '${attestation}'`);
  policy.requireAttestation = attestation === 'required';
  const aaguids = seen.get('aaguids');
  if (aaguids !== undefined) {
    const list = aaguids
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    if (list.length === 0) fail('aaguids lists no AAGUID');
    for (const aaguid of list) if (!AAGUID.test(aaguid)) fail(`'${aaguid}' is not an AAGUID`);
    policy.allowedAaguids = list;
  }
  const certification = seen.get('certification');
  if (certification !== undefined) {
    if (!isCertificationLevel(certification))
      fail(`certification must be one of ${CERTIFICATION_LEVELS.join(', ')}, not '${certification}'`);
    policy.minimumCertificationLevel = certification;
  }
  return checkAttestationPolicy(policy);
}

/**
 * A policy the server can apply: a certification level is only judged on an attested authenticator (without a
 * chain, the AAGUID it would be looked up by is the authenticator's own unverified claim).
 */
export function checkAttestationPolicy(policy: AttestationPolicy): AttestationPolicy {
  const given: unknown = policy;
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    fail('must be key=value pairs or an object');
  for (const key of Object.keys(policy))
    if (!['requireAttestation', 'allowedAaguids', 'minimumCertificationLevel'].includes(key))
      fail(`unknown policy field '${key}'`);
  if (policy.allowedAaguids !== undefined && !Array.isArray(policy.allowedAaguids))
    fail('allowedAaguids must be a list of AAGUIDs');
  if (policy.minimumCertificationLevel !== undefined && policy.requireAttestation === false)
    fail('certification needs attestation=required (an unattested AAGUID is only a claim)');
  if (
    policy.minimumCertificationLevel !== undefined &&
    !isCertificationLevel(policy.minimumCertificationLevel)
  )
    fail(`certification must be one of ${CERTIFICATION_LEVELS.join(', ')}`);
  for (const aaguid of policy.allowedAaguids ?? [])
    if (typeof aaguid !== 'string' || !AAGUID.test(aaguid)) fail(`'${String(aaguid)}' is not an AAGUID`);
  return policy;
}

/** The policy in the `key=value` syntax (for logs and `serve` at start). */
export function describeAttestationPolicy(policy: AttestationPolicy): string {
  return [
    `attestation=${policy.requireAttestation === false ? 'optional' : 'required'}`,
    ...(policy.allowedAaguids ? [`aaguids=${policy.allowedAaguids.join(',')}`] : []),
    ...(policy.minimumCertificationLevel ? [`certification=${policy.minimumCertificationLevel}`] : []),
  ].join('; ');
}
