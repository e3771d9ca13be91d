// How numbers, dates and times read on the page (the page is in English; times are local).

const LOCALE = 'en-US';
const numbers = new Intl.NumberFormat(LOCALE);
const longDate = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'long', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });

export function number(value) {
  return typeof value === 'number' ? numbers.format(value) : '–';
}

/** "2027-06-30" → "June 30, 2027" (a calendar date: no time zone shift). */
export function date(isoDate) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate || '');
  if (!match) return isoDate || '–';
  return longDate.format(new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])));
}

/** An instant in the reader's time zone. */
export function instant(iso) {
  if (!iso) return '–';
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? iso : dateTime.format(parsed);
}

export function plural(count, one, many = `${one}s`) {
  return `${number(count)} ${count === 1 ? one : many}`;
}

/** "in 3 hours", "in 6 days": how long until an instant. */
export function until(iso) {
  const ms = new Date(iso).getTime() - Date.now();
  if (Number.isNaN(ms)) return '';
  if (ms <= 0) return 'now';
  const minutes = Math.round(ms / 60000);
  if (minutes < 60) return `in ${plural(Math.max(minutes, 1), 'minute')}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `in ${plural(hours, 'hour')}`;
  return `in ${plural(Math.round(hours / 24), 'day')}`;
}

export function bytes(size) {
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(0)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}
