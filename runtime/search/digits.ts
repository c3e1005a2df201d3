/**
 * `1234567` → `1,234,567`: what `n.toLocaleString("en-US")` prints for an integer, without it. The
 * first `toLocaleString` call of a process loads ICU's locale data (about 25–50 ms), which a cached
 * `spec2ts check` of a small spec would otherwise spend printing its state count.
 */
export function int(n: number): string {
  // Not an integer (or not finite): the locale formatter, whose rounding this does not reproduce.
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  const digits = String(Math.abs(n));
  let out = "";
  for (let end = digits.length; end > 0; end -= 3) out = (end > 3 ? "," : "") + digits.slice(Math.max(0, end - 3), end) + out;
  return n < 0 || Object.is(n, -0) ? `-${out}` : out;
}
