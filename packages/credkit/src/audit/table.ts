// The audit's table of checks, in the order they run: the first options request, a registration and a sign-in
// per algorithm the server offers, the other genuine ceremonies, the attacks, and last the expired-challenge pair
// (which may wait out the server's stated timeout).
import {
  algorithmAuthentication,
  AUTHENTICATION_ATTACKS,
  authenticationExpiry,
  VALID_AUTHENTICATIONS,
} from './authentication-checks.js';
import type { Check } from './check.js';
import {
  algorithmRegistration,
  REGISTRATION_ATTACKS,
  registrationExpiry,
  registrationOptions,
  VALID_REGISTRATIONS,
} from './registration-checks.js';

/** The check that runs first: the rest of the table depends on what it learns (the algorithms offered). */
export const FIRST_CHECK: Check = registrationOptions;

/** Every check after the first, for a server offering `offered` (COSE algorithm ids, in its order). */
export function checksAfterOptions(offered: readonly number[]): Check[] {
  return [
    ...offered.flatMap((alg) => [algorithmRegistration(alg), algorithmAuthentication(alg)]),
    ...VALID_REGISTRATIONS,
    ...VALID_AUTHENTICATIONS,
    ...REGISTRATION_ATTACKS,
    ...AUTHENTICATION_ATTACKS,
    registrationExpiry,
    authenticationExpiry,
  ];
}

/** The whole table as documentation (`credkit audit --list`): the per-algorithm rows once, as a template. */
export function tableRows(): Check[] {
  const template = (check: Check): Check => ({
    ...check,
    name: check.name.replace(/es256$/, '<alg>'),
    sends: check.sends.replace('ES256', '<alg>'),
  });
  const [registration, authentication] = [algorithmRegistration(-7), algorithmAuthentication(-7)];
  return [FIRST_CHECK, template(registration), template(authentication), ...checksAfterOptions([])];
}
