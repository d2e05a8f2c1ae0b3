import { redact } from './redaction.ts';

/**
 * Logs in the hclog JSON format go-plugin parses on stderr (protocol doc §2.2): one JSON object
 * per line with `@level` (trace|debug|info|warn|error, nothing else), `@message` and `@timestamp`;
 * other keys become key/value pairs in Grafana's log. go-plugin passes `@timestamp` on as the
 * line's `timestamp` (without it Grafana shows 0001-01-01) and parses it with the layout
 * "2006-01-02T15:04:05.000000Z07:00": exactly 6 fractional digits, else it drops the structure.
 */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const RESERVED = new Set(['@level', '@message', '@timestamp', '@module', '@caller']);

/** `2026-01-06T12:00:00.123000Z`: go-plugin's layout, UTC, microseconds (JS has milliseconds). */
export function hclogTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** One log line (with trailing newline); secret-named fields are masked. */
export function formatLogLine(level: LogLevel, message: string, fields: LogFields = {}, now = new Date()): string {
  const entry: Record<string, unknown> = { '@level': level, '@message': message, '@timestamp': hclogTimestamp(now) };
  const safe = redact(fields) as Record<string, unknown>;
  for (const [key, value] of Object.entries(safe)) {
    entry[RESERVED.has(key) ? `_${key.slice(1)}` : key] = value;
  }
  return `${JSON.stringify(entry)}\n`;
}

export function createLogger(
  write: (line: string) => void = (line) => process.stderr.write(line),
  minLevel: LogLevel = 'debug',
  base: LogFields = {}
): Logger {
  const threshold = LOG_LEVELS.indexOf(minLevel);
  const emit = (level: LogLevel) => (message: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    try {
      write(formatLogLine(level, message, { ...base, ...fields }));
    } catch {
      // A broken stderr pipe must not take the plugin down with it.
    }
  };
  return {
    trace: emit('trace'),
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => createLogger(write, minLevel, { ...base, ...fields }),
  };
}
