// Partial dates (YYYY, YYYY-MM, YYYY-MM-DD): the value as given, its precision and the interval it stands for.

export type Precision = 'year' | 'month' | 'day';

export interface PartialDate {
  value: string;
  precision: Precision;
  /** First day of the interval, YYYY-MM-DD. */
  lo: string;
  /** Last day of the interval, YYYY-MM-DD. */
  hi: string;
}

export const PARTIAL_DATE_PATTERN = '^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$';
const re = new RegExp(PARTIAL_DATE_PATTERN);

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Parses a partial date; returns null when the text is not one, or names a day that does not exist. */
export function parsePartialDate(value: string): PartialDate | null {
  if (!re.test(value)) return null;
  const [y, m, d] = value.split('-').map(Number) as [number, number?, number?];
  if (y === 0) return null;
  const year = pad(y, 4);
  if (m === undefined) return { value, precision: 'year', lo: `${year}-01-01`, hi: `${year}-12-31` };
  const last = daysInMonth(y, m);
  if (d === undefined) return { value, precision: 'month', lo: `${year}-${pad(m)}-01`, hi: `${year}-${pad(m)}-${pad(last)}` };
  if (d > last) return null;
  return { value, precision: 'day', lo: value, hi: value };
}

/** True when the interval of `date` overlaps [from, to] (either bound may be open). */
export function overlaps(date: PartialDate, from: PartialDate | null, to: PartialDate | null): boolean {
  return (from === null || date.hi >= from.lo) && (to === null || date.lo <= to.hi);
}
