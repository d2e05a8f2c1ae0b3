const warned = new Set<string>();

/**
 * Writes `message` to stderr the first time `key` is seen in this process. For setups that cannot
 * work as asked: OTel's diag logger is silent unless the application installed one.
 */
export function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  process.stderr.write(`${message}\n`);
}
