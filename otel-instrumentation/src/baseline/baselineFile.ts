import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  categoricalFeatureSchema,
  featureKindSchema,
  numericFeatureSchema,
  parseOptions,
  type FeatureKind,
  type FeatureOptions,
} from '../options.ts';
import type { FeatureHandle } from '../feature/featureState.ts';
import { quoted } from '../quoted.ts';
import {
  BASELINE_FORMAT,
  BASELINE_VERSION,
  baselineProfileSchema,
  categoricalBaseline,
  numericBaseline,
  profileOf,
  type BaselineProfile,
  type BinnedBaseline,
} from './baselineProfile.ts';

/** File paths are quoted longer than names (a path of 160 characters is still plausible). */
const MAX_QUOTED_PATH = 160;

/**
 * Saved reference profiles: `saveBaseline(file, { baseline: trainingValues })` once, in the
 * training job; `feature(name, { baseline: loadBaseline(file) })` at every start, without the raw
 * values. The file is the profile's JSON (baselineProfile.ts), pretty-printed so it diffs well in
 * version control. It holds the baseline's categories as they are (not masked): keep it where the
 * training data may be.
 */

/**
 * The binned baseline of feature options (raw values, binned as `feature()` bins them, or a
 * profile). Throws at setup, naming the field, like `feature()`.
 */
export function binnedBaseline(where: string, options: FeatureOptions, argument = 'options'): BinnedBaseline {
  const field = `${where}: ${argument}.baseline`;
  return featureKind(options, where, argument) === 'categorical'
    ? categoricalBaseline(field, parseOptions(categoricalFeatureSchema, options, where, argument))
    : numericBaseline(field, parseOptions(numericFeatureSchema, options, where, argument));
}

/**
 * Categorical options are marked `kind: 'categorical'`, with raw values and with a profile alike;
 * without `kind` they are numeric. Throws at setup on any other kind, naming the kinds there are.
 */
export function featureKind(options: unknown, where: string, argument = 'options'): FeatureKind {
  return parseOptions(featureKindSchema, options, where, argument);
}

const isHandle = (v: unknown): v is FeatureHandle =>
  typeof v === 'object' && v !== null && typeof (v as FeatureHandle).baselineProfile === 'function';

/**
 * The reference profile of a feature's baseline, from the options `feature()` takes (raw values
 * binned the same way: quantile edges, `bins`, `edges`, `topK`) or from a live feature handle.
 */
export function baselineProfile(source: FeatureOptions | FeatureHandle): BaselineProfile {
  return isHandle(source) ? source.baselineProfile() : profileOf(binnedBaseline('baselineProfile', source, 'source'));
}

/**
 * Writes the profile of `source` to `file` (JSON, version BASELINE_VERSION), atomically: a temp
 * file renamed over the old one, so a reader never sees half a file. Returns the profile written.
 */
export function saveBaseline(file: string, source: FeatureOptions | FeatureHandle): BaselineProfile {
  const where = `saveBaseline(${quoted(file, MAX_QUOTED_PATH)})`;
  const profile = isHandle(source) ? source.baselineProfile() : profileOf(binnedBaseline(where, source, 'source'));
  // Checked as loadBaseline will check it: a file that cannot be loaded back is never written.
  parseOptions(baselineProfileSchema, profile, `${where}: the profile would not load back`, '');
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(profile, null, 2)}\n`);
  renameSync(tmp, file);
  return profile;
}

/**
 * Reads and validates a saved profile, for `feature(name, { baseline: loadBaseline(file) })`.
 * @throws Error naming the file and the field: not a profile, a version newer than this code
 *   reads, or a bad field (`loadBaseline("f.json"): proportions: must sum to 1`).
 */
export function loadBaseline(file: string): BaselineProfile {
  const where = `loadBaseline(${quoted(file, MAX_QUOTED_PATH)})`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${where}: cannot read a JSON profile: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { format?: unknown }).format !== BASELINE_FORMAT) {
    throw new Error(`${where}: format: expected ${JSON.stringify(BASELINE_FORMAT)}; not a Sieve baseline profile`);
  }
  const version = (parsed as { version?: unknown }).version;
  if (typeof version === 'number' && Number.isInteger(version) && version > BASELINE_VERSION) {
    throw new Error(
      `${where}: version: ${version} is newer than this @sieve/otel-instrumentation reads (${BASELINE_VERSION}); ` +
        'upgrade it, or save the profile again with this version'
    );
  }
  if (version !== BASELINE_VERSION) {
    throw new Error(
      `${where}: version: expected ${BASELINE_VERSION}, got ${version === undefined ? 'none' : quoted(version)}`
    );
  }
  return parseOptions(baselineProfileSchema, parsed, where, '');
}
