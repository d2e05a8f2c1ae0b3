/**
 * Reading a column the caller passed to the hot path (observeMany, checkColumns, checkRecords):
 * an array, a typed array or an array-like, possibly sparse. Never throws by itself; what a
 * hostile column throws (a Proxy, a getter) is the caller's to count.
 */

/** The longest array JavaScript allows: an array-like claiming more (`{ length: Infinity }`) is not a column. */
const MAX_ARRAY_LENGTH = 2 ** 32 - 1;

/** The number of entries to read from a column, or undefined when it is not a real column. Never throws. */
export function columnLength(column: unknown): number | undefined {
  if (Array.isArray(column) || ArrayBuffer.isView(column)) return (column as ArrayLike<unknown>).length;
  if (typeof column !== 'object' || column === null) return undefined;
  const n = (column as { length?: unknown }).length;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_ARRAY_LENGTH ? n : undefined;
}

/** Consecutive holes after which the rest of a long column is read by its keys. */
const HOLE_RUN = 32;
/** Columns with at most this many indices left are read index by index whatever their holes. */
const SPARSE_REST = 1 << 16;

/** True when index `i` of `column` is a hole (checked only for an undefined read, so dense reads pay nothing). */
export const isHole = (column: ArrayLike<unknown>, i: number, v: unknown): boolean => v === undefined && !(i in column);

/**
 * Calls `value` with each entry of `column` (`n` from columnLength), in index order for arrays, and
 * its index, a hole (`new Array(n)`, `a[1e9] = x`) as undefined, as reading it gives; `value` returning true
 * stops the read. Returns the holes never passed to `value`: the caller counts them as undefined.
 * Hot loops read a column inline and call this from their first hole on (`from`): a callback that
 * differs per caller is not inlined, and costs dense columns up to half again their time.
 *
 * Reading index by index costs O(length) even when nearly every index is a hole: a sparse array
 * of length 2³² − 1 with one entry took 5 minutes, all of them blocking the event loop. So once
 * 32 consecutive holes show that a long rest is sparse, the rest is read by its own keys (O(entries)).
 */
export function forEachEntry(
  column: ArrayLike<unknown>,
  n: number,
  value: (v: unknown, i: number) => boolean | void,
  from = 0
): number {
  let run = 0;
  for (let i = from; i < n; i++) {
    const v = column[i];
    if (isHole(column, i, v)) {
      if (++run >= HOLE_RUN && n - i > SPARSE_REST) return readSparse(column, i, n, value); // i too: a hole not passed
    } else run = 0;
    if (value(v, i) === true) return 0;
  }
  return 0;
}

/** The entries of `column` at indices from..n-1 by its own keys; returns the holes among them. */
function readSparse(
  column: ArrayLike<unknown>,
  from: number,
  n: number,
  value: (v: unknown, i: number) => boolean | void
): number {
  let present = 0;
  for (const key of Object.keys(column)) {
    const i = Number(key);
    // Only canonical indices in range ('01', '1e3' and 'length' are other properties).
    if (!(i >= from && i < n && Number.isInteger(i) && String(i) === key)) continue;
    present++;
    if (value(column[i], i) === true) return 0;
  }
  return n - from - present;
}
