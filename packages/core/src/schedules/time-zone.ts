import { ConfigInvalidError } from '../errors/config-errors.js';

/** The rule a time zone option must meet, as error messages state it. */
const TIME_ZONE_RULE = 'must be an IANA time zone name such as "Europe/Berlin" or "UTC"';

/**
 * Area/location names only. Fixed offsets such as `+02:00` are refused even where the runtime
 * would take them: an offset has no daylight-saving rules, so a schedule written with one
 * silently drifts by an hour twice a year.
 */
const IANA_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/**
 * Checks an IANA time zone name against the runtime's time zone database (ICU, through `Intl`)
 * and returns its canonical spelling (`utc` becomes `UTC`, `europe/berlin` becomes
 * `Europe/Berlin`), so two spellings of one zone store the same value.
 * @param where - names the call in the error message, e.g. `scheduleRecurring "nightly"`.
 * @throws ConfigInvalidError (option `timeZone`) when the name is not a known IANA zone.
 */
export function resolveTimeZone(name: unknown, where: string): string {
  if (typeof name !== 'string' || !IANA_NAME_PATTERN.test(name)) {
    throw new ConfigInvalidError({ where, option: 'timeZone', rule: TIME_ZONE_RULE, received: name });
  }

  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch (error) {
    throw new ConfigInvalidError(
      { where, option: 'timeZone', rule: TIME_ZONE_RULE, received: name },
      { cause: error },
    );
  }
}
