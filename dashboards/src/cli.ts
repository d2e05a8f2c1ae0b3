import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageVersion, parseSpec, shellCommand, SpecError } from '@sieve/rules';
import { dashboardFiles } from './generate.ts';
import { parseOptions } from './options.ts';
import { ALERTING_RULES_FILE, alertingProvisioningFile } from './provisioning.ts';

const USAGE = `usage: sieve-dashboards generate --spec FILE --out DIR [--alerting DIR] [--options FILE]

  --spec FILE      the SLO spec rules/ reads (YAML, version sieve/v1)
  --out DIR        where the dashboard JSON files go (<uid>.json)
  --alerting DIR   also copy the Grafana-managed alert rules there (provisioning/alerting)
  --options FILE   JSON: datasource uids, and the pipelines, models, features and datasets to offer
  --version        print the version of @sieve/dashboards
`;

/**
 * `sieve-dashboards generate ...`; returns the process exit code. `command` is what the alerting
 * copy's header says to run again: by default `npx --offline --no-install @sieve/dashboards` (the
 * form the READMEs document) and the arguments as given.
 */
export function main(
  argv: readonly string[],
  out: (line: string) => void = console.log,
  command = `npx --offline --no-install @sieve/dashboards ${shellCommand(argv)}`
): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        spec: { type: 'string' },
        out: { type: 'string' },
        alerting: { type: 'string' },
        options: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (values.version) {
    // This package's own package.json, from the sources and from the build alike.
    out(packageVersion(import.meta.dirname));
    return 0;
  }
  if (positionals[0] !== 'generate' || !values.spec || !values.out) {
    console.error(USAGE);
    return 2;
  }
  try {
    const spec = parseSpec(readFileSync(values.spec, 'utf8'), values.spec);
    const input: unknown = values.options ? JSON.parse(readFileSync(values.options, 'utf8')) : {};
    const options = parseOptions(spec, input as Parameters<typeof parseOptions>[1]);
    const files: Record<string, string> = {};
    for (const [name, text] of Object.entries(dashboardFiles(options))) files[join(values.out, name)] = text;
    if (values.alerting)
      files[join(values.alerting, ALERTING_RULES_FILE)] = alertingProvisioningFile(spec, values.spec, command);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      out(`wrote ${path}`);
    }
    return 0;
  } catch (error) {
    console.error(error instanceof SpecError ? error.message : `sieve-dashboards: ${(error as Error).message}`);
    return 1;
  }
}
