import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { generatedFiles, OUTPUT_DIRS, PACKAGE_COMMAND, shellCommand } from './generate.ts';
import { promtoolTestFiles } from './promtoolTests.ts';
import { parseSpec, SpecError } from './spec.ts';

const USAGE = `usage: sieve-rules generate --spec FILE --out DIR [--tests DIR] [--time-scale F]

  --spec FILE          the SLO spec (YAML, version sieve/v1)
  --out DIR            writes DIR/${OUTPUT_DIRS.prometheus}/ (rule files only: rule_files: [DIR/${OUTPUT_DIRS.prometheus}/*.yml]),
                       DIR/${OUTPUT_DIRS.alertmanager}/ (the demo config, the routing subtree to merge, examples)
                       and DIR/${OUTPUT_DIRS.grafana}/ (Grafana-managed alert rules, file provisioning)
  --tests DIR          also write promtool unit tests for the rules (rule_files point at DIR/${OUTPUT_DIRS.prometheus})
  --time-scale F       multiply every window and hold by F in (0, 1], for compressed test setups
`;

/**
 * `sieve-rules generate ...`; returns the process exit code. `command` is how the files' headers
 * say to run it again: by default `npx @sieve/rules` and the arguments as given.
 */
export function main(
  argv: readonly string[],
  out: (line: string) => void = console.log,
  command = `${PACKAGE_COMMAND} ${shellCommand(argv)}`
): number {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        spec: { type: 'string' },
        out: { type: 'string' },
        tests: { type: 'string' },
        'time-scale': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (positionals[0] !== 'generate' || !values.spec || !values.out) {
    console.error(USAGE);
    return 2;
  }
  const scale = values['time-scale'] === undefined ? 1 : Number(values['time-scale']);
  if (!(scale > 0 && scale <= 1)) {
    console.error(`--time-scale must be a number in (0, 1], got ${values['time-scale']}`);
    return 2;
  }
  try {
    const spec = parseSpec(readFileSync(values.spec, 'utf8'), values.spec);
    const files: Record<string, string> = {};
    for (const [name, text] of Object.entries(generatedFiles(spec, values.spec, scale, command))) {
      files[join(values.out, name)] = text;
    }
    if (values.tests) {
      const rulesDir = join(values.out, OUTPUT_DIRS.prometheus);
      for (const [name, text] of Object.entries(
        promtoolTestFiles(spec, values.spec, values.tests, rulesDir, scale, command)
      )) {
        files[join(values.tests, name)] = text;
      }
    }
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      out(`wrote ${path}`);
    }
    return 0;
  } catch (error) {
    console.error(error instanceof SpecError ? error.message : `sieve-rules: ${(error as Error).message}`);
    return 1;
  }
}
