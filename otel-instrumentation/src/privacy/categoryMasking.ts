import { createHmac, randomBytes } from 'node:crypto';
import { OTHER_CATEGORY } from '../catalog/index.ts';
import { detectPii, type PiiKind } from './piiPatterns.ts';

/**
 * What a categorical value becomes as a label value:
 * - default (undefined): detected PII is replaced by `__pii_<kind>__`, other values are kept;
 * - 'hash': every value becomes `hash:<first 12 hex of HMAC-SHA256(key, value)>`;
 * - 'allowlist': only values in the allowlist are kept, every other becomes OTHER_CATEGORY (`__other__`);
 * - 'raw': exported as is (explicit opt-out).
 * Allowlisted values are always kept as is.
 */
export type CategoryMode = 'hash' | 'allowlist' | 'raw';

/** The pii_kind of a value that was replaced although no PII was detected in it (hash, allowlist). */
export const NOT_DETECTED = 'none';
export type MaskKind = PiiKind | typeof NOT_DETECTED;

export interface MaskPolicy {
  mode?: CategoryMode | undefined;
  allowlist?: ReadonlySet<string> | undefined;
  /** HMAC key of 'hash'; see processHashKey. */
  hashKey: Uint8Array | string;
}

/** The label value to export, and why it differs from the value (undefined: exported as is). */
export interface MaskResult {
  label: string;
  masked: MaskKind | undefined;
}

export const piiCategory = (kind: PiiKind): string => `__pii_${kind}__`;

export function hashCategory(key: Uint8Array | string, value: string): string {
  return `hash:${createHmac('sha256', key).update(value).digest('hex').slice(0, 12)}`;
}

let processKey: Uint8Array | undefined;
/**
 * A random key drawn once per process: hashes are then stable only within this process (a
 * restart changes every hash). Set `piiHashKey` for hashes that are stable across processes.
 */
export function processHashKey(): Uint8Array {
  processKey ??= randomBytes(32);
  return processKey;
}

/** Decides the label value of one category. Pure apart from HMAC; callers cache per category. */
export function maskCategory(value: string, policy: MaskPolicy): MaskResult {
  if (policy.mode === 'raw' || policy.allowlist?.has(value)) return { label: value, masked: undefined };
  const kind = detectPii(value);
  if (policy.mode === 'hash') return { label: hashCategory(policy.hashKey, value), masked: kind ?? NOT_DETECTED };
  if (policy.mode === 'allowlist') return { label: OTHER_CATEGORY, masked: kind ?? NOT_DETECTED };
  return kind === undefined ? { label: value, masked: undefined } : { label: piiCategory(kind), masked: kind };
}
