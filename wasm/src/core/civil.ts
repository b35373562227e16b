// Civil (proleptic Gregorian) date of a day count since 1970-01-01, by Howard Hinnant's days-to-civil
// algorithm; one copy for the formatter's time columns and the time fields.

/** Year, month (1-12) and day (1-31) of the last civilFromDays call. */
export let civilYear: i64 = 1970;
export let civilMonth: i64 = 1;
export let civilDay: i64 = 1;

export function civilFromDays(days: i64): void {
  const z = days + 719468;
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const doe = z - era * 146097;
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  civilDay = doy - (153 * mp + 2) / 5 + 1;
  civilMonth = mp < 10 ? mp + 3 : mp - 9;
  civilYear = yoe + era * 400 + (civilMonth <= 2 ? 1 : 0);
}

/** Days since 1970-01-01 of a second count, rounding down for times before the epoch. */
export function daysOf(sec: i64): i64 {
  let days = sec / 86400;
  if (sec % 86400 < 0) days--;
  return days;
}
