/** The faults the instrumented service can inject (see instrumentedService.ts). */
export const FAULTS = ['stopRuns', 'staleFeature', 'drift', 'schemaChange', 'failPredictions'] as const;
export type Fault = (typeof FAULTS)[number];
