import type { JsonBody } from './jsonBody.ts';

/**
 * Parses a `query_range` body series by series while it arrives. A 100-feature drift panel is a
 * ~6.5 MB body that Prometheus gzips and sends over ~150 ms; parsing and converting each series
 * as soon as it is complete overlaps that work with the transfer instead of adding it after the
 * last byte, and the parser's garbage dies young instead of piling up into one 40 MB object graph.
 *
 * Prometheus, Mimir, Thanos and VictoriaMetrics write the envelope below and each series as
 * `{"metric":{…},"values":[…]}`. The separator `},{"metric":` cannot occur inside a JSON string
 * (a quote there is always escaped), so it splits series exactly. Any other body (an error, other
 * key order, a series that fails to convert) is parsed whole at the end, as if never streamed.
 */
const PREFIX = '{"status":"success","data":{"resultType":"matrix","result":[';
const SEPARATOR = '},{"metric":';

export interface MatrixBody<T> extends JsonBody {
  /**
   * Series converted while streaming, in body order. After `finish()`, the envelope's
   * `data.result` holds only the series that follow them (all of them when nothing streamed).
   */
  readonly converted: readonly T[];
}

export function matrixBody<T>(convert: (series: unknown) => T): MatrixBody<T> {
  const chunks: string[] = [];
  const converted: T[] = [];
  let mode: 'prefix' | 'series' | 'whole' = 'prefix';
  /** Body text after PREFIX and the series converted so far. */
  let pending = '';
  let searchFrom = 0;

  const giveUp = () => {
    mode = 'whole';
    pending = '';
    converted.length = 0;
  };

  function convertComplete(): void {
    for (;;) {
      const at = pending.indexOf(SEPARATOR, searchFrom);
      if (at < 0) {
        searchFrom = Math.max(0, pending.length - SEPARATOR.length + 1);
        return;
      }
      try {
        converted.push(convert(JSON.parse(pending.slice(0, at + 1))));
      } catch {
        return giveUp(); // reported, with the right message, by the whole-body parse
      }
      pending = pending.slice(at + 2); // the next series starts at `{"metric":`
      searchFrom = 0;
    }
  }

  return {
    converted,
    push(chunk) {
      chunks.push(chunk);
      if (mode === 'whole') return;
      pending += chunk;
      if (mode === 'prefix') {
        if (pending.length < PREFIX.length) {
          if (!PREFIX.startsWith(pending)) giveUp();
          return;
        }
        if (!pending.startsWith(PREFIX)) return giveUp();
        pending = pending.slice(PREFIX.length);
        mode = 'series';
      }
      convertComplete();
    },
    finish() {
      // The last series and whatever follows the result (warnings, infos) complete the envelope.
      return JSON.parse(mode === 'series' ? PREFIX + pending : chunks.join('')) as unknown;
    },
    text: () => chunks.join(''),
  };
}
