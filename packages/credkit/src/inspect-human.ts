// The human layout of `credkit inspect`: sections of aligned "label  value" lines.
import type { AttestationInfo } from './attestation-info.js';
import { FLAGS, type AuthenticatorDataInfo } from './authenticator-data-info.js';
import type { CertificateInfo } from './certificate-info.js';
import type { CoseKeyInfo } from './cose-key-info.js';
import { KNOWN_CLIENT_DATA, type Inspection } from './inspect-model.js';
import type { JsonValue } from './json-value.js';

type Line = [label: string, value: string];

const show = (v: JsonValue | undefined): string =>
  v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v);
const shorten = (text: string, max = 64): string => (text.length > max ? `${text.slice(0, max)}…` : text);

function section(title: string, lines: Line[], indent = '  '): string {
  const width = Math.max(0, ...lines.map(([label]) => label.length));
  return [title, ...lines.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`)].join('\n');
}

function coseKeyLines(key: CoseKeyInfo): Line[] {
  const lines: Line[] = [
    ['kty', `${key.ktyName}${key.kty === null ? '' : ` (${key.kty})`}`],
    ['alg', `${key.algName}${key.alg === null ? '' : ` (${key.alg})`}`],
  ];
  if (key.crvName !== undefined) lines.push(['crv', `${key.crvName} (${key.crv})`]);
  if (key.x !== undefined) lines.push(['x', key.x]);
  if (key.y !== undefined) lines.push(['y', key.y]);
  if (key.nBits !== undefined) lines.push(['n', `${key.nBits} bits: ${shorten(key.n!)}`]);
  if (key.e !== undefined) lines.push(['e', String(key.e)]);
  if (key.pubLength !== undefined) lines.push(['pub', `${key.pubLength} bytes`]);
  if (key.problem) lines.push(['problem', key.problem]);
  return lines;
}

function authenticatorDataText(ad: AuthenticatorDataInfo): string {
  const flags = FLAGS.filter(([name]) => !name.startsWith('RFU') || ad.flags[name]).map(
    ([name, , meaning]): Line => [name, `${ad.flags[name] ? 'set  ' : 'clear'}  ${meaning}`],
  );
  const lines: Line[] = [
    ['length', `${ad.length} bytes`],
    ['rpIdHash', ad.rpIdHash],
    ['flags', ad.flags.value],
    ...flags.map(([label, value]): Line => [`  ${label}`, value]),
    ['signCount', String(ad.signCount)],
  ];
  const acd = ad.attestedCredentialData;
  if (acd) {
    lines.push(['aaguid', acd.aaguid + (acd.providerName ? ` (${acd.providerName})` : '')]);
    lines.push(['credentialId', acd.credentialId]);
  }
  if (ad.extensions !== undefined) lines.push(['extensions', show(ad.extensions)]);
  const out = [section('Authenticator data', lines)];
  if (acd) out.push(section('Credential public key (COSE)', coseKeyLines(acd.credentialPublicKey)));
  return out.join('\n\n');
}

function certificateLines(cert: CertificateInfo): Line[] {
  if (cert.error) return [['error', cert.error]];
  return [
    ['subject', cert.subject],
    ['issuer', cert.issuer],
    ['validity', `${cert.notBefore} .. ${cert.notAfter}`],
    ['serial', cert.serialNumber],
    ['SHA-256', cert.sha256],
    ['key', cert.publicKey],
  ];
}

function attestationText(att: AttestationInfo): string {
  const lines: Line[] = [['fmt', show(att.fmt)]];
  if (att.alg !== undefined) lines.push(['alg', `${att.algName} (${att.alg})`]);
  if (att.sigLength !== undefined) lines.push(['sig', `${att.sigLength} bytes`]);
  for (const [name, value] of Object.entries(att.members)) lines.push([name, shorten(show(value), 100)]);
  const jws = att.safetyNet;
  if (jws && 'error' in jws) lines.push(['JWS', `does not decode: ${jws.error}`]);
  else if (jws) {
    lines.push(['JWS alg', jws.alg]);
    for (const [name, value] of Object.entries(jws.payload))
      lines.push([`JWS ${name}`, shorten(show(value), 100)]);
  }
  const from = jws && !('error' in jws) ? ' in the JWS header' : '';
  lines.push(['x5c', att.x5c.length === 0 ? '(none)' : `${att.x5c.length} certificate(s)${from}`]);
  const certs = att.x5c.map((cert, i) =>
    section(`  x5c[${i}]${i === 0 ? ' (attestation certificate)' : ''}`, certificateLines(cert), '    '),
  );
  return [section('Attestation statement', lines), ...certs].join('\n');
}

export function formatInspection(r: Inspection): string {
  const head: Line[] = [
    ['ceremony', r.ceremony],
    ['id', show(r.id)],
    ['rawId', show(r.rawId)],
    ['type', show(r.type)],
  ];
  if (r.authenticatorAttachment !== undefined)
    head.push(['authenticatorAttachment', show(r.authenticatorAttachment)]);
  if (r.transports !== undefined) head.push(['transports', show(r.transports)]);
  if (r.userHandle !== undefined) head.push(['userHandle', show(r.userHandle)]);
  if (r.signatureLength !== undefined) head.push(['signature', `${r.signatureLength} bytes`]);
  const parts = [section('Credential', head)];
  if (r.clientData) {
    const cd = r.clientData;
    const lines: Line[] = KNOWN_CLIENT_DATA.filter(
      (k) => cd[k] !== undefined || k === 'type' || k === 'challenge' || k === 'origin',
    ).map((k): Line => [k, show(cd[k])]);
    for (const [k, v] of Object.entries(cd.extra)) lines.push([`${k} (extra)`, show(v)]);
    parts.push(section('Client data', lines));
  }
  if (r.authenticatorData) parts.push(authenticatorDataText(r.authenticatorData));
  if (r.attestation) parts.push(attestationText(r.attestation));
  const ext: Line[] = [['client', show(r.clientExtensionResults)]];
  if (r.authenticatorData?.extensions !== undefined)
    ext.push(['authenticator', show(r.authenticatorData.extensions)]);
  parts.push(section('Extension outputs', ext));
  if (r.problems.length > 0)
    parts.push(
      section(
        'Problems',
        r.problems.map((p, i): Line => [`${i + 1}.`, p]),
      ),
    );
  return parts.join('\n\n');
}
