import { headKeeper, type JsonBody } from './jsonBody.ts';

/**
 * Parses a `query_range` body series by series while it arrives. A 100-feature drift panel is a
 * ~6.5 MB body that Prometheus gzips and sends over ~150 ms; parsing and converting each series
 * as soon as it is complete overlaps that work with the transfer instead of adding it after the
 * last byte, and only the series still arriving is held as text, never the whole body.
 *
 * Prometheus, Mimir, Thanos and VictoriaMetrics write the envelope below and each series as
 * `{"metric":{…},"values":[…]}`. The separator `},{"metric":` cannot occur inside a JSON string
 * (a quote there is always escaped), so it splits series exactly. Any other body (an error, other
 * key order) is parsed whole at the end.
 */
const PREFIX = '{"status":"success","data":{"resultType":"matrix","result":[';
const SEPARATOR = '},{"metric":';

export interface MatrixBody<T> extends JsonBody {
  /**
   * Series converted while streaming, in body order. After `finish()`, the envelope's
   * `data.result` holds only the series that follow them (all of them when nothing streamed).
   */
  readonly converted: readonly T[];
  /** True when a streamed series failed to convert; `finish()` then returns an empty matrix. */
  readonly failed: boolean;
}

export function matrixBody<T>(convert: (series: unknown) => T): MatrixBody<T> {
  /** The whole text, kept only until the body is known to stream (or for good when it does not). */
  let chunks: string[] = [];
  const head = headKeeper();
  const converted: T[] = [];
  let mode: 'prefix' | 'series' | 'whole' | 'failed' = 'prefix';
  /** Body text after PREFIX and the series converted so far. */
  let pending = '';
  let searchFrom = 0;

  function convertComplete(): void {
    for (;;) {
      const at = pending.indexOf(SEPARATOR, searchFrom);
      if (at < 0) {
        searchFrom = Math.max(0, pending.length - SEPARATOR.length + 1);
        return;
      }
      let series: unknown;
      try {
        series = JSON.parse(pending.slice(0, at + 1));
      } catch (error) {
        // Not JSON after all (the separator sat in a broken body): report it as such at the end.
        pending = '';
        mode = 'failed';
        throw error;
      }
      try {
        converted.push(convert(series));
      } catch {
        pending = '';
        converted.length = 0;
        mode = 'failed';
        return;
      }
      pending = pending.slice(at + 2); // the next series starts at `{"metric":`
      searchFrom = 0;
    }
  }

  let syntaxError: unknown;
  return {
    converted,
    get failed() {
      return mode === 'failed' && syntaxError === undefined;
    },
    push(chunk) {
      head.push(chunk);
      if (mode === 'failed') return;
      if (mode === 'whole') return void chunks.push(chunk);
      if (mode === 'prefix') {
        chunks.push(chunk);
        pending += chunk;
        if (pending.length < PREFIX.length) {
          if (!PREFIX.startsWith(pending)) [mode, pending] = ['whole', ''];
          return;
        }
        if (!pending.startsWith(PREFIX)) return void ([mode, pending] = ['whole', '']);
        pending = pending.slice(PREFIX.length);
        mode = 'series';
        chunks = [];
      } else {
        pending += chunk;
      }
      try {
        convertComplete();
      } catch (error) {
        syntaxError = error;
      }
    },
    finish() {
      if (syntaxError !== undefined) throw syntaxError;
      if (mode === 'failed') return { status: 'success', data: { resultType: 'matrix', result: [] } };
      // The last series and whatever follows the result (warnings, infos) complete the envelope.
      return JSON.parse(mode === 'series' ? PREFIX + pending : chunks.join('')) as unknown;
    },
    head: head.text,
  };
}
