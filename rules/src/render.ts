import { stringify } from 'yaml';
import type { RuleGroup } from './ruleTypes.ts';

/** YAML output: stable key order, no line folding (PromQL stays greppable), a do-not-edit header. */

/** The spec a file came from and the command that made it. */
export interface Provenance {
  readonly spec: string;
  readonly command: string;
}

export function header(from: Provenance, comment?: string): string {
  const lines = [
    `Code generated from ${from.spec} by \`${from.command}\`. DO NOT EDIT:`,
    `change ${from.spec} and run the command again.`,
    ...(comment ? ['', ...comment.split('\n')] : []),
  ];
  return lines.map((l) => (l ? `# ${l}` : '#')).join('\n') + '\n';
}

export function toYaml(value: unknown): string {
  // YAML 1.1, as Go's yaml.v2 in Prometheus and Alertmanager reads it: quotes 02:00 (sexagesimal) and yes/no.
  return stringify(value, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false, singleQuote: true });
}

export function ruleFile(from: Provenance, groups: readonly RuleGroup[]): string {
  return header(from) + toYaml({ groups });
}
