/** 0.333 → "33%"; null → "—". */
export const percent = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 100)}%`);

/** 75 000 → "1:15"; null → "—". */
export function minutes(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The page's language for dates, in the browser's own regional form when it speaks the same
 * language (an en-GB browser keeps day-month order on an English page).
 */
function locale(): string | undefined {
  const lang = document.documentElement.lang;
  if (!lang) return undefined;
  const base = (code: string) => code.split('-')[0]?.toLowerCase();
  return navigator.languages.find((l) => base(l) === base(lang)) ?? lang;
}

/** Amounts in several currencies, largest first, each in its own: "€1,290.00 + $20.00"; "—" for none. */
export function money(amounts: readonly { currency: string; minor: number }[]): string {
  if (amounts.length === 0) return '—';
  return amounts
    .map(({ currency, minor }) => {
      const format = new Intl.NumberFormat(locale(), { style: 'currency', currency });
      return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
    })
    .join(' + ');
}

export function when(epochMs: number): string {
  return new Date(epochMs).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
}

/** A date input's value (local midnight) as epoch ms; `endOfDay` gives the next midnight. */
export function dayStart(value: string, endOfDay = false): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + (endOfDay ? 1 : 0)).getTime();
}
