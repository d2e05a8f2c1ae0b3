import { parseArgs } from 'node:util';
import { z } from 'zod';

/**
 * The demo's settings, from flags or environment variables (flags win), validated here once.
 * Defaults suit `npm start`: a simulated day passes per wall minute.
 */
export const demoConfigSchema = z.strictObject({
  host: z.string().min(1).default('0.0.0.0'),
  apiPort: z.coerce.number().int().min(1).max(65535).default(8080),
  metricsPort: z.coerce.number().int().min(1).max(65535).default(9464),
  pushgatewayUrl: z.url().default('http://127.0.0.1:9091'),
  /** Simulated seconds per wall second. */
  speed: z.coerce.number().positive().default(1440),
  /** Wall ms between runs of the batch pipeline. */
  pipelineEveryMs: z.coerce.number().int().min(100).default(15_000),
  /** The rolling window of the in-process PSI, wall ms. */
  psiWindowMs: z.coerce.number().int().min(1000).default(3_600_000),
  /** The first days of the data: the baseline and the training set. */
  trainingDays: z.coerce.number().int().min(1).max(60).default(14),
  seed: z.coerce.number().int().default(2001),
});
export type DemoConfig = z.infer<typeof demoConfigSchema>;

/** Flag name ↔ environment variable, e.g. --api-port / SIEVE_DEMO_API_PORT. */
const FIELDS: Record<keyof DemoConfig, string> = {
  host: 'host',
  apiPort: 'api-port',
  metricsPort: 'metrics-port',
  pushgatewayUrl: 'pushgateway-url',
  speed: 'speed',
  pipelineEveryMs: 'pipeline-every-ms',
  psiWindowMs: 'psi-window-ms',
  trainingDays: 'training-days',
  seed: 'seed',
};

export const envName = (flag: string) => `SIEVE_DEMO_${flag.toUpperCase().replaceAll('-', '_')}`;

/** The flags for a config: what the stack passes when it starts the demo. */
export function configFlags(config: Partial<DemoConfig>): string[] {
  return Object.entries(config).flatMap(([k, v]) => [`--${FIELDS[k as keyof DemoConfig]}`, String(v)]);
}

export function parseDemoConfig(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(Object.values(FIELDS).map((f) => [f, { type: 'string' as const }])),
  });
  const raw: Record<string, unknown> = {};
  for (const [key, flag] of Object.entries(FIELDS)) {
    const v = (values as Record<string, string | undefined>)[flag] ?? env[envName(flag)];
    if (v !== undefined) raw[key] = v;
  }
  const r = demoConfigSchema.safeParse(raw);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => {
    const key = String(i.path[0]) as keyof DemoConfig;
    return `--${FIELDS[key]} (${envName(FIELDS[key])}): ${i.message}`;
  });
  throw new Error(`demo: ${problems.join('; ')}`);
}
