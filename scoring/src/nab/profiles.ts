/** A NAB cost matrix (config/profiles.json). tnWeight is carried but unused, as in NAB. */
export interface CostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
  tnWeight: number;
}

export type ProfileName = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';

export const PROFILE_NAMES: readonly ProfileName[] = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'];

/** NAB v1.1's profiles.json, used when no profiles file is given. */
export const NAB_PROFILES: Record<ProfileName, CostMatrix> = {
  standard: { tpWeight: 1, fnWeight: 1, fpWeight: 0.11, tnWeight: 1 },
  reward_low_FP_rate: { tpWeight: 1, fnWeight: 1, fpWeight: 0.22, tnWeight: 1 },
  reward_low_FN_rate: { tpWeight: 1, fnWeight: 2, fpWeight: 0.11, tnWeight: 1 },
};

/** Validates parsed profiles.json content ({name: {CostMatrix: {...}}}); errors name the field. */
export function parseProfiles(json: unknown): Record<ProfileName, CostMatrix> {
  if (typeof json !== 'object' || json === null) throw new Error('profiles: expected an object');
  const out = {} as Record<ProfileName, CostMatrix>;
  for (const name of PROFILE_NAMES) {
    const entry = (json as Record<string, unknown>)[name];
    const cm =
      typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['CostMatrix'] : undefined;
    if (typeof cm !== 'object' || cm === null) throw new Error(`profiles: missing ${name}.CostMatrix`);
    const weight = (key: keyof CostMatrix): number => {
      const v = (cm as Record<string, unknown>)[key];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new Error(`profiles: ${name}.CostMatrix.${key} must be a non-negative number`);
      }
      return v;
    };
    out[name] = {
      tpWeight: weight('tpWeight'),
      fpWeight: weight('fpWeight'),
      fnWeight: weight('fnWeight'),
      tnWeight: weight('tnWeight'),
    };
  }
  return out;
}
