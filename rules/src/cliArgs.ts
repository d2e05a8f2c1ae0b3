/**
 * The command line of `sieve-rules`, parsed without I/O. Every mistake becomes a UsageError whose
 * message is one line naming the flag or argument, so the CLI can print it above a short usage and
 * exit 2 instead of dumping Node's parser text or a stack trace.
 */

/** The flags that take a value, with the placeholder the usage shows for it. */
export const VALUE_FLAGS = { spec: 'FILE', out: 'DIR', tests: 'DIR', 'time-scale': 'F' } as const;
export type ValueFlag = keyof typeof VALUE_FLAGS;
export const COMMANDS = ['generate'] as const;

export interface CliArgs {
  readonly command?: string;
  readonly values: Partial<Record<ValueFlag, string>>;
  readonly help: boolean;
  readonly version: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const isValueFlag = (name: string): name is ValueFlag => Object.hasOwn(VALUE_FLAGS, name);
/** `--out --tests t` forgot the value of --out: a flag-looking word is never taken as a value. */
const looksLikeFlag = (word: string) => word.startsWith('--') || word === '-h';

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const values: Partial<Record<ValueFlag, string>> = {};
  const positionals: string[] = [];
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (word === '-h' || word === '--help') {
      help = true;
      continue;
    }
    if (word === '--version') {
      version = true;
      continue;
    }
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.slice(word.startsWith('--') ? 2 : 1, eq === -1 ? undefined : eq);
    const flag = `--${name}`;
    if (!word.startsWith('--') || !isValueFlag(name)) {
      if (name === 'help' || name === 'version') throw new UsageError(`--${name} takes no value`);
      throw new UsageError(`unknown flag ${eq === -1 ? word : word.slice(0, eq)}`);
    }
    let value: string | undefined;
    if (eq !== -1) value = word.slice(eq + 1);
    else if (i + 1 < argv.length && !looksLikeFlag(argv[i + 1] as string)) value = argv[++i];
    if (value === undefined || value === '')
      throw new UsageError(`${flag} needs a value (${flag} ${VALUE_FLAGS[name]})`);
    if (values[name] !== undefined) throw new UsageError(`${flag} is given twice`);
    values[name] = value;
  }
  const [command, ...extra] = positionals;
  if (!help && !version && command !== undefined && !(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command ${JSON.stringify(command)} (commands: ${COMMANDS.join(', ')})`);
  }
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  return { ...(command === undefined ? {} : { command }), values, help, version };
}
