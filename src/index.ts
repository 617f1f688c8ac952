// The programmatic API: everything the CLI does, callable from tests and other tools.
export { build, type BuildOptions, type BuildReport, type LanguageReport, type OutputReport, type ValidationReport } from './api/build.js';
export { shardOf, type Shard } from './api/shard.js';
export { check, checkEpubs, type CheckOptions, type CheckReport } from './api/check.js';
export { status, type StatusOptions, type StatusReport, type LanguageStatus, type FigureStatus } from './api/status.js';
export { doctor, type DoctorOptions, type DoctorReport, type DoctorCheck } from './api/doctor.js';
export { serve, type ServeOptions, type ServeHandle } from './api/serve.js';
export { discoverBook } from './layout/discover.js';
export { resolveConfig, languageMetadata } from './config/metadata.js';
export { parseConfig } from './config/parse.js';
export { readLanguage } from './markdown/document.js';
export { WRITERS, DEFAULT_FORMATS } from './writers/registry.js';
export type { Writer, WriterContext } from './writers/writer.js';
export type { BookLayout, LanguageSource, LanguageMetadata } from './model/book.js';
export type { LanguageDocument, DocChapter, TocNode } from './model/document.js';
export { UserError, formatDiagnostic, type Diagnostic } from './util/diagnostics.js';
export { BuildInterrupted } from './util/cancellation.js';
