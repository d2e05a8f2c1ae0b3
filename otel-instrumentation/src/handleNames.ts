import { labelValueSchema, parseOptions } from './options.ts';
import { quoted } from './quoted.ts';

export type HandleKind = 'pipeline' | 'feature' | 'dataset' | 'model';

/** How messages name a handle call: `pipeline("etl")`, `model("m") version "2"`. */
export function handleCall(kind: HandleKind, name: unknown, version?: string): string {
  return `${kind}(${quoted(name)})${version === undefined ? '' : ` version ${quoted(version)}`}`;
}

/**
 * The names taken per handle kind. A name becomes a label value, so it is validated here, and a
 * second handle with the same name would silently share (and corrupt) the first one's series.
 */
export class HandleNames {
  private readonly taken = new Map<HandleKind, Set<string>>();

  /**
   * Validates `name`, then creates the handle with `make`. The name is taken only once creation
   * succeeded, so a call that failed on bad options can be retried with good ones.
   * A model is identified by name and version: two versions of one model may be served side by side.
   */
  create<T>(kind: HandleKind, name: unknown, version: string | undefined, make: (name: string) => T): T {
    const where = handleCall(kind, name, version);
    const parsed = parseOptions(labelValueSchema, name, where, 'name');
    const key = version === undefined ? parsed : JSON.stringify([parsed, version]);
    let names = this.taken.get(kind);
    if (!names) this.taken.set(kind, (names = new Set()));
    if (names.has(key)) throw new Error(`${where}: a ${kind} with this name already exists`);
    const handle = make(parsed);
    names.add(key);
    return handle;
  }
}
