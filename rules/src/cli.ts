import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseCliArgs, UsageError } from './cliArgs.ts';
import { generatedFiles, OUTPUT_DIRS, PACKAGE_COMMAND, shellCommand } from './generate.ts';
import { promtoolTestFiles } from './promtoolTests.ts';
import { packageVersion } from './packageVersion.ts';
import { parseSpec, SpecError, type Spec } from './spec.ts';

const SYNOPSIS = 'usage: sieve-rules generate --spec FILE --out DIR [--tests DIR] [--time-scale F]';

const HELP = `${SYNOPSIS}

  --spec FILE          the SLO spec (YAML, version sieve/v1)
  --out DIR            writes DIR/${OUTPUT_DIRS.prometheus}/ (rule files only: rule_files: [DIR/${OUTPUT_DIRS.prometheus}/*.yml]),
                       DIR/${OUTPUT_DIRS.alertmanager}/ (the demo config, the routing subtree to merge, examples)
                       and DIR/${OUTPUT_DIRS.grafana}/ (Grafana-managed alert rules, file provisioning)
  --tests DIR          also write promtool unit tests for the rules (rule_files point at DIR/${OUTPUT_DIRS.prometheus})
  --time-scale F       multiply every window and hold by F in (0, 1], for compressed test setups
  --version            print the version of @sieve/rules

exit codes: 0 written, 1 the spec is invalid, 2 the command line is wrong (or a file it names cannot be read or written)
`;

/** Exit codes: the spec is wrong (fix the YAML) versus the command is wrong (fix the arguments). */
export const EXIT = { ok: 0, invalidSpec: 1, usage: 2 } as const;

/** Why a file named on the command line cannot be used, in a few words (Node's codes, not its prose). */
function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ENOTDIR':
      return 'a parent is a file, not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    default:
      return (error as Error).message;
  }
}

/**
 * `sieve-rules generate ...`; returns the process exit code (EXIT). Every error is one line on
 * stderr naming the flag or file (usage errors add the synopsis), never a stack trace. `command`
 * is how the files' headers say to run it again: by default `npx --offline --no-install @sieve/rules` and the arguments
 * as given.
 */
export function main(
  argv: readonly string[],
  out: (line: string) => void = console.log,
  command = `${PACKAGE_COMMAND} ${shellCommand(argv)}`,
  err: (line: string) => void = console.error
): number {
  const usage = (problem: string) => {
    // Not "sieve-rules --help": run through npx, that name is not on the user's PATH.
    err(`sieve-rules: ${problem}\n${SYNOPSIS}\n(run with --help for each flag)`);
    return EXIT.usage;
  };
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    throw error;
  }
  const { values } = args;
  if (args.help) {
    out(HELP);
    return EXIT.ok;
  }
  if (args.version) {
    out(packageVersion());
    return EXIT.ok;
  }
  if (args.command === undefined) return usage('missing the command (generate)');
  if (values.spec === undefined) return usage('missing --spec FILE (the SLO spec)');
  if (values.out === undefined) return usage('missing --out DIR (where the rules are written)');
  const scale = values['time-scale'] === undefined ? 1 : Number(values['time-scale']);
  if (!(scale > 0 && scale <= 1)) return usage(`--time-scale must be a number in (0, 1], got ${values['time-scale']}`);

  let text: string;
  try {
    text = readFileSync(values.spec, 'utf8');
  } catch (error) {
    return usage(`cannot read --spec ${values.spec}: ${fileProblem(error)}`);
  }
  // Each file with the flag that named its folder, for an error that says which one to fix.
  const files: Array<{ path: string; body: string; flag: '--out' | '--tests'; dir: string }> = [];
  try {
    const spec: Spec = parseSpec(text, values.spec);
    for (const [name, body] of Object.entries(generatedFiles(spec, values.spec, scale, command))) {
      files.push({ path: join(values.out, name), body, flag: '--out', dir: values.out });
    }
    const tests = values.tests;
    if (tests) {
      const rulesDir = join(values.out, OUTPUT_DIRS.prometheus);
      for (const [name, body] of Object.entries(
        promtoolTestFiles(spec, values.spec, tests, rulesDir, scale, command)
      )) {
        files.push({ path: join(tests, name), body, flag: '--tests', dir: tests });
      }
    }
  } catch (error) {
    err(error instanceof SpecError ? error.message : `sieve-rules: ${values.spec}: ${(error as Error).message}`);
    return EXIT.invalidSpec;
  }
  // Folders first, so an unwritable --tests is refused before --out is half written.
  for (const step of ['mkdir', 'write'] as const) {
    for (const { path, body, flag, dir } of files) {
      try {
        if (step === 'mkdir') mkdirSync(dirname(path), { recursive: true });
        else writeFileSync(path, body);
      } catch (error) {
        return usage(`cannot write ${path} (${flag} ${dir}): ${fileProblem(error)}`);
      }
      if (step === 'write') out(`wrote ${path}`);
    }
  }
  return EXIT.ok;
}
