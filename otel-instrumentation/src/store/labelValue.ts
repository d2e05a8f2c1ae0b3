import { MAX_LABEL_VALUE_LENGTH } from '../catalog/index.ts';

/**
 * A label value as emitted: at most MAX_LABEL_VALUE_LENGTH UTF-16 code units, without a dangling
 * half of a surrogate pair at the cut. Bounds payload size and how much of any string leaks.
 */
export function capLabelValue(value: string): string {
  if (value.length <= MAX_LABEL_VALUE_LENGTH) return value;
  let end = MAX_LABEL_VALUE_LENGTH;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return value.slice(0, end);
}
