import { readFileSync } from 'node:fs';
import { METRICS } from '../src/index.ts';
import { withMetricTable } from '../scripts/metricTable.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('has the metric table of the current catalog (regenerate with `npm run readme`)', async () => {
    expect(await withMetricTable(readme)).toBe(readme);
  });

  it.each(Object.values(METRICS).map((m) => [m.prometheus.name, m] as const))('lists %s', (_name, def) => {
    expect(readme).toContain(`\`${def.type === 'histogram' ? def.prometheus.bucket : def.prometheus.name}\``);
    // Prettier escapes Markdown in the table (`\_\_other\_\_`), hence the unescaping.
    expect(readme.replace(/\\(?=[_*])/g, '')).toContain(def.description);
  });

  it('shows the runnable example verbatim', () => {
    const example = readFileSync(new URL('../examples/pipelineAndModel.ts', import.meta.url), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
  });
});
