import { LABEL } from '../src/catalog/index.ts';
import { LINES_PER_PIECE, PrometheusText } from '../src/export/prometheusText.ts';
import { MetricStore } from '../src/store/metricStore.ts';

/** Lines of a piece that are samples (not `# HELP`/`# TYPE`/`# UNIT`). */
const sampleLines = (piece: string): number => piece.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;

/**
 * The scrape server gives the event loop back between pieces, so a piece must stay small whatever
 * the series are: sized by lines, not by series (1000 bounds are 1001 buckets, plus sum and count: 1003 lines).
 */
describe('PrometheusText pieces', () => {
  const store = new MetricStore(100_000);
  const wide = Array.from({ length: 1000 }, (_, i) => i + 1);
  for (let v = 0; v < 5; v++) {
    const labels = { [LABEL.model]: 'm', [LABEL.version]: `v${v}` };
    store.histogram('modelPredictionDuration', labels, wide).counts[3] = 1;
    store.histogram('modelScore', labels, [0.5, 1]).counts[1] = 1;
  }
  for (let i = 0; i < 2000; i++) store.counter('datasetRecords', { [LABEL.dataset]: `d${i}` }).value = i;
  const text = new PrometheusText();
  const pieces = [...text.pieces(store)];

  it('holds about LINES_PER_PIECE lines, or one series when a single series is longer', () => {
    for (const piece of pieces) {
      const n = sampleLines(piece);
      if (piece.includes('le="1000"'))
        expect(n).toBe(1003); // one 1000-bound histogram alone
      else expect(n).toBeLessThanOrEqual(LINES_PER_PIECE + 4); // a 5-line histogram may finish a piece
    }
    // The 2000 counters are cut into pieces of LINES_PER_PIECE.
    expect(pieces.filter((p) => sampleLines(p) === LINES_PER_PIECE).length).toBeGreaterThanOrEqual(
      Math.floor(2000 / LINES_PER_PIECE)
    );
  });

  it('adds up to the whole text', () => {
    expect(pieces.join('')).toBe(text.text(store));
    expect(sampleLines(pieces.join(''))).toBe(5 * 1003 + 5 * 5 + 2000 + 1);
  });
});
