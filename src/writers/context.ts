// A WriterContext whose artifact() renders each in-process format at most once per language, so
// that a format built from another (MOBI from the EPUB) reuses its bytes.
import { WRITERS, writerFor } from './registry.js';
import type { Writer, WriterContext } from './writer.js';

export function writerContext(
  base: Omit<WriterContext, 'artifact'>,
  rendered = new Map<string, Promise<Uint8Array>>(),
  known: readonly Writer[] = WRITERS,
): WriterContext {
  const ctx: WriterContext = {
    ...base,
    artifact: (format) => {
      const writer = writerFor(format, known);
      if (!writer) return Promise.reject(new Error(`no writer for ${format}`));
      let bytes = rendered.get(format);
      if (!bytes) rendered.set(format, (bytes = writer.render(ctx)));
      return bytes;
    },
  };
  return ctx;
}
