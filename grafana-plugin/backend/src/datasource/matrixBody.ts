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
  /** While in 'prefix': the text so far (shorter than PREFIX, or just past it). */
  let start = '';
  /**
   * While in 'series': the text of the series in progress, as it arrived. Kept as pieces and
   * searched chunk by chunk (with `tail`, the last characters before the chunk, for a separator
   * split across chunks), so each character is copied a bounded number of times: appending to
   * one string and searching it would flatten the whole series text on every chunk (quadratic:
   * ~1,000 chunks of 4 KB per 4 MB body).
   */
  let parts: string[] = [];
  let tail = '';

  function convertOne(text: string): void {
    let series: unknown;
    try {
      series = JSON.parse(text);
    } catch (error) {
      // Not JSON after all (the separator sat in a broken body): report it as such at the end.
      [parts, tail, mode] = [[], '', 'failed'];
      throw error;
    }
    try {
      converted.push(convert(series));
    } catch {
      [parts, tail, mode] = [[], '', 'failed'];
      converted.length = 0;
    }
  }

  /** Takes the next piece of series text; converts every series it completes. */
  function feed(chunk: string): void {
    while (mode === 'series') {
      const window = tail + chunk;
      const at = window.indexOf(SEPARATOR);
      if (at < 0) {
        parts.push(chunk);
        tail = window.slice(-(SEPARATOR.length - 1));
        return;
      }
      // The series ends where the separator starts, `at - tail.length` characters into the chunk
      // (negative: in the text before it); the next one starts at its `{"metric":`.
      const text = parts.join('') + chunk;
      const end = text.length - chunk.length + at - tail.length;
      [parts, tail] = [[], ''];
      convertOne(text.slice(0, end + 1));
      chunk = text.slice(end + 2);
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
      let text = chunk;
      if (mode === 'prefix') {
        chunks.push(chunk);
        start += chunk;
        if (start.length < PREFIX.length) {
          if (!PREFIX.startsWith(start)) [mode, start] = ['whole', ''];
          return;
        }
        if (!start.startsWith(PREFIX)) return void ([mode, start] = ['whole', '']);
        [text, start, mode, chunks] = [start.slice(PREFIX.length), '', 'series', []];
      }
      try {
        feed(text);
      } catch (error) {
        syntaxError = error;
      }
    },
    finish() {
      if (syntaxError !== undefined) throw syntaxError;
      if (mode === 'failed') return { status: 'success', data: { resultType: 'matrix', result: [] } };
      // The last series and whatever follows the result (warnings, infos) complete the envelope.
      return JSON.parse(mode === 'series' ? PREFIX + parts.join('') : chunks.join('')) as unknown;
    },
    head: head.text,
  };
}
