// The conversion cache's policy: a format made from another (MOBI from the EPUB, PDF from the HTML
// page) by an external tool is taken from the cache when the same tool already converted the same
// bytes with the same metadata and cover, and remembered after each conversion. Failing to write it
// never fails a build.
import type { LanguageMetadata } from '../model/book.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { readBookFile } from '../util/book-file.js';
import type { ExternalTool } from '../writers/writer.js';
import { conversionKey } from './keys.js';
import { isConversionEntry, type ConversionEntry } from './shapes.js';
import { sha256, type BuildCache } from './store.js';

export interface Conversion {
  bytes: Uint8Array;
  /** What the tool said when it made them. */
  warnings: Diagnostic[];
}

export class ConversionCache {
  constructor(
    private readonly store: BuildCache,
    /** The converting tools (calibre, Chromium) this build found, by name. */
    private readonly tools: Partial<Record<ExternalTool, { id: string } | undefined>>,
    /** The stamp of this tool's own code. */
    private readonly code: string,
  ) {}

  /** `tool`: the writer's `requires`. */
  async key(source: Uint8Array, format: string, tool: ExternalTool | undefined, meta: LanguageMetadata): Promise<string> {
    const cover = meta.cover ? await readBookFile(meta.cover).then(sha256, () => 'missing') : null;
    return conversionKey(sha256(source), format, (tool && this.tools[tool]) ?? { id: 'in-process' }, meta, this.code, cover);
  }

  async restore(key: string): Promise<Conversion | undefined> {
    const hit = await this.store.getEntry('convert', key, isConversionEntry);
    const bytes = hit && (await this.store.getBlob(hit.sha256));
    return hit && bytes ? { bytes, warnings: hit.warnings } : undefined;
  }

  async remember(key: string, conversion: Conversion): Promise<void> {
    await this.store
      .putBlob(conversion.bytes)
      .then((hash) => this.store.putEntry('convert', key, { sha256: hash, warnings: conversion.warnings } satisfies ConversionEntry))
      .catch(() => {});
  }
}
