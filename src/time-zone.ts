/**
 * True when `tz` is an IANA time zone this runtime knows (Europe/Berlin, UTC). The one check every
 * input with a time zone uses: survey cadences, deployment windows, event rules.
 */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
