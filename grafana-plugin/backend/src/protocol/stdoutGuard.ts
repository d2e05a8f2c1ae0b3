import { format } from 'node:util';
import { createLogger, type LogLevel } from './logger.ts';

/**
 * Imported first by main.ts. go-plugin takes the FIRST stdout line as the handshake, so any
 * earlier `console.log` (ours or a library's) would break startup. From here on, stdout writes
 * and console output become JSON log lines on stderr; only `writeHandshake` reaches stdout.
 */
const realStdoutWrite = process.stdout.write.bind(process.stdout);
const log = createLogger();

const consoleLevels: Array<[keyof Console, LogLevel]> = [
  ['log', 'info'],
  ['info', 'info'],
  ['debug', 'debug'],
  ['trace', 'trace'],
  ['warn', 'warn'],
  ['error', 'error'],
];
for (const [method, level] of consoleLevels) {
  Object.defineProperty(console, method, {
    value: (...args: unknown[]) => log[level](format(...args)),
    configurable: true,
    writable: true,
  });
}

process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  if (text.trim() !== '') log.info(text.trimEnd(), { stream: 'stdout' });
  const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
  callback?.();
  return true;
}) as typeof process.stdout.write;

/** Writes the handshake line, the one thing that ever goes to stdout. */
export function writeHandshake(line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    realStdoutWrite(line, (error) => (error ? reject(error) : resolve()));
  });
}
