// Number and text formatting. Areas are integers of 0.01 m²: integer math only, no floats.

import type { Area } from './bindings/Area';

/** Groups the digits of a non-negative integer string: "45000" -> "45,000". */
function groupDigits(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i += 1) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

/** 4500000 -> "45,000.00" (exact: remainder first, then an exact integer division). */
export function formatArea(area: Area): string {
  const value = Math.trunc(Number(area));
  const negative = value < 0;
  const abs = Math.abs(value);
  const cents = abs % 100;
  const whole = (abs - cents) / 100;
  const text = `${groupDigits(String(whole))}.${String(cents).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** "45,000.00 m²". */
export function formatAreaM2(area: Area): string {
  return `${formatArea(area)} m²`;
}

/** An integer with thousands separators (accepts the generated bigint or number types). */
export function formatCount(n: number | bigint): string {
  const s = String(n);
  return s.startsWith('-') ? `-${groupDigits(s.slice(1))}` : groupDigits(s);
}

/** File sizes: "12.3 KB" (display only, not a legal quantity). */
export function formatBytes(bytes: number | bigint): string {
  const n = Number(bytes);
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** The first characters of a hash, for tables; the full hash goes in a title. */
export function shortHash(hash: string, length = 12): string {
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

/** An ISO timestamp as local "2025-03-01 14:05:09"; anything unparsable is shown as it is. */
export function formatTime(text: string): string {
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return text;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
