/**
 * Rule 7 (domain.md) — registration window: a certification cannot be awarded by a jury sitting after
 * its registration end date (RNCP41296: 2028-09-24; RNCP41336: 2030-09-24). A jury sitting ON the end
 * date still can. No end date: no limit.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isoDay(value: string, name: string): string {
  // Accept a full timestamp but compare days only.
  const day = value.slice(0, 10);
  if (!ISO_DATE.test(day)) throw new RangeError(`${name} must be an ISO date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return day;
}

export function canAwardOn(registrationEndsOn: string | null, heldOn: string): boolean {
  const held = isoDay(heldOn, 'heldOn');
  if (registrationEndsOn === null) return true;
  return held <= isoDay(registrationEndsOn, 'registrationEndsOn');
}
