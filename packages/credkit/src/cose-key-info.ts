// What `credkit inspect` shows of a COSE_Key (RFC 9052 §7): names for kty, alg and crv, the coordinates in hex,
// and whether credkit's strict parser accepts it.
import { algorithmName } from '@credkit/webauthn';
import { coseKeyFromMap } from '@credkit/webauthn';
import { describeError } from './errors.js';
import { hex } from './json-value.js';

export interface CoseKeyInfo {
  kty: number | null;
  ktyName: string;
  alg: number | null;
  algName: string;
  crv?: number;
  crvName?: string;
  /** Coordinates / key material in hex; RSA modulus size in bits. */
  x?: string;
  y?: string;
  n?: string;
  nBits?: number;
  e?: number | string;
  pubLength?: number;
  /** Why credkit would reject this key, if it would. */
  problem?: string;
}

const KTY_NAMES: Record<number, string> = { 1: 'OKP', 2: 'EC2', 3: 'RSA', 4: 'Symmetric', 7: 'AKP' };
const CRV_NAMES: Record<number, string> = {
  1: 'P-256',
  2: 'P-384',
  3: 'P-521',
  4: 'X25519',
  5: 'X448',
  6: 'Ed25519',
  7: 'Ed448',
};

const bytesAt = (map: Map<unknown, unknown>, label: number): Uint8Array | undefined => {
  const v = map.get(label);
  return v instanceof Uint8Array ? v : undefined;
};

export function coseKeyInfo(map: Map<unknown, unknown>, bytes: Uint8Array): CoseKeyInfo {
  const kty = typeof map.get(1) === 'number' ? (map.get(1) as number) : null;
  const alg = typeof map.get(3) === 'number' ? (map.get(3) as number) : null;
  const info: CoseKeyInfo = {
    kty,
    ktyName: kty === null ? 'missing' : (KTY_NAMES[kty] ?? `unknown (${kty})`),
    alg,
    algName: alg === null ? 'missing' : algorithmName(alg),
  };
  if (kty === 1 || kty === 2) {
    const crv = map.get(-1);
    if (typeof crv === 'number') {
      info.crv = crv;
      info.crvName = CRV_NAMES[crv] ?? `unknown (${crv})`;
    }
    const x = bytesAt(map, -2);
    const y = bytesAt(map, -3);
    if (x) info.x = hex(x);
    if (y) info.y = hex(y);
  } else if (kty === 3) {
    const n = bytesAt(map, -1);
    const e = bytesAt(map, -2);
    if (n) {
      info.n = hex(n);
      info.nBits = n.length * 8 - (n[0] === 0 ? 8 : Math.clz32(n[0]) - 24);
    }
    if (e) info.e = e.length <= 6 ? Number.parseInt(hex(e) || '0', 16) : hex(e);
  } else if (kty === 7) {
    const pub = bytesAt(map, -1);
    if (pub) info.pubLength = pub.length;
  }
  try {
    coseKeyFromMap(map, bytes);
  } catch (err) {
    info.problem = describeError(err);
  }
  return info;
}
