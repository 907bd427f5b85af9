// "12 s ago", "3 min ago": short relative times for the popup; dates in the user's locale. Pure.

export function formatRelative(then: number, now: number): string {
  const seconds = Math.floor((now - then) / 1000);
  if (seconds < 2) return 'just now'; // also absorbs small clock skew into the future
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A moment as the user's locale writes it, e.g. "Jan 15, 2026, 12:00 PM". */
export function formatDateTime(at: number): string {
  return DATE_TIME.format(at);
}
