// `credkit inspect FILE|-`: decodes a RegistrationResponseJSON or AuthenticationResponseJSON (or a test-vector
// case holding one) and prints what a developer debugging a failed ceremony needs. Exit 1 on malformed input.
import { parseArgs } from 'node:util';
import { CliError, reportError } from './errors.js';
import { readJson } from './input.js';
import { formatInspection } from './inspect-human.js';
import { authenticatorDisplay } from '@credkit/webauthn';
import { inspectResponse } from './inspect-model.js';

const USAGE = `usage: credkit inspect [--json] FILE|-

Decodes a WebAuthn registration or authentication response JSON (or a test-vector case with a "response"
member): client data, authenticator data flags, sign count, AAGUID, COSE key, attestation statement and
certificates, extension outputs. Reads standard input for "-".

options:
  --json     machine-readable output
  -h, --help show this help`;

export async function run(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new CliError(`expected one FILE or -\n\n${USAGE}`, 2);
    const inspection = inspectResponse(
      await readJson(positionals[0]),
      (aaguid) => authenticatorDisplay(aaguid)?.name,
    );
    console.log(values.json ? JSON.stringify(inspection, null, 2) : formatInspection(inspection));
    if (inspection.problems.length > 0) {
      console.error(
        `credkit inspect: ${inspection.problems.length} problem(s): ${inspection.problems.join('; ')}`,
      );
      return 1;
    }
    return 0;
  } catch (err) {
    if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      return reportError('inspect', new CliError(`${err.message}\n\n${USAGE}`, 2));
    }
    return reportError('inspect', err);
  }
}
