// `credkit mds inspect BLOB_FILE [--mds-root ROOT.pem] [--now ISO-8601]`: what a FIDO MDS3 BLOB holds (its
// number, nextUpdate, entry count, signer) and how it fares: the signature against the signer certificate and,
// with roots, the signing chain and freshness as parseMetadataBlob judges them. JSON on stdout; exit 0 when
// every check made passed, 1 otherwise.
import { parseArgs } from 'node:util';
import { blobSignatureVerifies, checkFresh, decodeMetadataBlob, verifyBlobChain } from '@credkit/webauthn';
import { parseMetadataBlob } from '@credkit/webauthn';
import { isWebAuthnError } from '@credkit/webauthn';
import { CliError, describeError, reportError } from './errors.js';
import { readText } from './input.js';
import { parseNow, readMdsRoots } from './mds-files.js';

const USAGE = `usage: credkit mds inspect BLOB_FILE|- [--mds-root ROOT.pem] [--now ISO-8601]

Reads a FIDO Metadata Service v3 BLOB (the JWS as downloaded) and prints, as JSON: no, nextUpdate, entries
(the count), alg, signer, signature ("valid" / "invalid": checked with the signer certificate), and with
--mds-root also chain ("trusted" or the reason not), fresh (nextUpdate not passed at --now) and verified (the
BLOB as a whole passes). Exit 0 when every check made passed.

options:
  --mds-root  PEM file with the BLOB signing root(s)
  --now       judge certificates and nextUpdate at this time (default now)
  -h, --help  show this help`;

interface Inspection {
  no: unknown;
  nextUpdate: unknown;
  entries: number | null;
  alg: string;
  signer: string;
  signature: 'valid' | 'invalid';
  chain?: string;
  fresh?: boolean;
  verified?: boolean;
  code?: string;
  error?: string;
}

function judge(check: () => void): string {
  try {
    check();
    return 'trusted';
  } catch (err) {
    return describeError(err);
  }
}

async function inspect(file: string, rootFile: string | undefined, now: Date): Promise<number> {
  const text = await readText(file);
  let jws;
  try {
    jws = decodeMetadataBlob(text);
  } catch (err) {
    if (!isWebAuthnError(err)) throw err;
    console.log(JSON.stringify({ verified: false, code: err.code, error: err.message }, null, 2));
    return 1;
  }
  const { no, nextUpdate, entries } = jws.payload;
  let signature: boolean;
  try {
    signature = blobSignatureVerifies(jws);
  } catch {
    signature = false;
  }
  const out: Inspection = {
    no: no ?? null,
    nextUpdate: nextUpdate ?? null,
    entries: Array.isArray(entries) ? entries.length : null,
    alg: jws.header.alg,
    signer: jws.header.x5c[0]!.x509.subject.replace(/\n/g, ', '),
    signature: signature ? 'valid' : 'invalid',
  };
  let ok = signature;
  if (rootFile !== undefined) {
    const roots = await readMdsRoots(rootFile);
    out.chain = judge(() => verifyBlobChain(jws, roots, now));
    out.fresh = typeof nextUpdate === 'string' && judge(() => checkFresh({ nextUpdate }, now)) === 'trusted';
    try {
      parseMetadataBlob({ blob: text, roots, now });
      out.verified = true;
    } catch (err) {
      if (!isWebAuthnError(err)) throw err;
      out.verified = false;
      out.code = err.code;
      out.error = err.message;
    }
    ok = ok && out.verified;
  }
  console.log(JSON.stringify(out, null, 2));
  return ok ? 0 : 1;
}

export async function run(argv: string[]): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          'mds-root': { type: 'string' },
          now: { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        },
      });
    } catch (err) {
      throw new CliError(`${(err as Error).message}\n\n${USAGE}`, 2);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const [sub, file, ...extra] = positionals;
    if (sub !== 'inspect' || file === undefined || extra.length > 0)
      throw new CliError(`expected: mds inspect BLOB_FILE\n\n${USAGE}`, 2);
    return await inspect(file, values['mds-root'], parseNow(values.now));
  } catch (err) {
    return reportError('mds', err);
  }
}
