import { MetadataVersion, type RecordBatch, type Schema } from 'apache-arrow';
import { FileBlock, Footer } from 'apache-arrow/ipc/metadata/file';
import { Message, RecordBatch as RecordBatchHeader } from 'apache-arrow/ipc/metadata/message';
import { VectorAssembler } from 'apache-arrow/visitor/vectorassembler';

/**
 * An Arrow IPC file (format 1.0, metadata V5) kept as the list of its pieces: the metadata that
 * Arrow's own encoders build, and views of the column buffers themselves. The bytes are the ones
 * `tableToIPC(table, 'file')` writes, piece for piece, but nothing is copied here: a QueryData
 * answer of megabytes is written once, straight into the gRPC message (queryDataEncoding.ts),
 * instead of being joined per frame and then copied again into the message.
 */
export interface IpcFile {
  readonly byteLength: number;
  readonly parts: readonly Uint8Array[];
}

const MAGIC = new TextEncoder().encode('ARROW1');
const ALIGN = 8;

/**
 * The file of `schema` holding `batch` (none: a schema-only file, as for a frame without fields).
 * Frames have no dictionary-encoded columns, so no dictionary batches are written: a schema with
 * one is refused rather than written as a file that a reader could not decode.
 */
export function ipcFile(schema: Schema, batch?: RecordBatch): IpcFile {
  if (schema.dictionaries.size > 0) {
    throw new Error(
      `ipcFile: dictionary-encoded columns are not supported (${[...schema.dictionaries.keys()].join(', ')})`
    );
  }
  const parts: Uint8Array[] = [];
  let position = 0;
  const put = (bytes: Uint8Array) => {
    if (bytes.byteLength === 0) return;
    parts.push(bytes);
    position += bytes.byteLength;
  };
  const pad = (size: number) => put(new Uint8Array(padding(size)));

  // The file writer's sequence (apache-arrow RecordBatchFileWriter): magic, the record batch
  // message and its body, the end-of-stream marker, then the footer (schema and block index).
  put(MAGIC);
  pad(MAGIC.byteLength);
  const blocks: FileBlock[] = [];
  if (batch !== undefined) {
    const assembled = VectorAssembler.assemble(batch);
    const header = new RecordBatchHeader(
      batch.numRows,
      assembled.nodes,
      assembled.bufferRegions,
      null,
      assembled.variadicBufferCounts,
      batch.metadata
    );
    const metadata = Message.encode(Message.from(header, assembled.byteLength));
    // Continuation marker and metadata length, then the metadata padded to 8 bytes.
    const alignedSize = metadata.byteLength + 8 + padding(metadata.byteLength + 8);
    blocks.push(new FileBlock(alignedSize, assembled.byteLength, position));
    put(int32s(-1, alignedSize - 8));
    put(metadata);
    pad(metadata.byteLength + 8);
    for (const buffer of assembled.buffers) {
      put(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
      pad(buffer.byteLength);
    }
  }
  put(int32s(-1, 0));
  const footer = Footer.encode(new Footer(schema, MetadataVersion.V5, blocks, []));
  put(footer);
  put(int32s(footer.byteLength));
  put(MAGIC);
  return { byteLength: position, parts };
}

/** The file as one array (tests, and callers that want the bytes themselves). */
export function ipcBytes(file: IpcFile): Uint8Array {
  const out = new Uint8Array(file.byteLength);
  writeIpcFile(file, out, 0);
  return out;
}

/** Copies the file into `target` at `offset`; returns the offset after it. */
export function writeIpcFile(file: IpcFile, target: Uint8Array, offset: number): number {
  for (const part of file.parts) {
    target.set(part, offset);
    offset += part.byteLength;
  }
  return offset;
}

function padding(size: number): number {
  return (ALIGN - (size % ALIGN)) % ALIGN;
}

/** Little-endian, as Arrow IPC requires: the platform's order on every target the plugin ships for. */
function int32s(...values: number[]): Uint8Array {
  return new Uint8Array(Int32Array.from(values).buffer);
}
