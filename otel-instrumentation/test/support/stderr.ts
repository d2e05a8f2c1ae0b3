/** Captures what is written to stderr while `fn` runs (Sieve reports delivery problems there). */
export async function stderrOf(fn: () => Promise<void> | void): Promise<string> {
  let text = '';
  const original = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    text += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    await fn();
  } finally {
    process.stderr.write = original;
  }
  return text;
}
