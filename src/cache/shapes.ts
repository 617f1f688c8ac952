// Type checks for what the cache reads back from JSON: a file of another shape (an older tool's, a
// damaged one that is still JSON) must be a miss, not a TypeError on every build. Written by hand:
// zod would be loaded on every cached build for these few fields.
import { basename } from 'node:path';
import type { Diagnostic } from '../util/diagnostics.js';

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A bare file name: joined to the output directory, it names a file in it and nowhere else. */
export function isFileName(v: unknown): v is string {
  return isString(v) && v !== '' && v !== '.' && v !== '..' && v === basename(v);
}

/** A warning as formatDiagnostic and the report use it. */
export function isDiagnostic(v: unknown): v is Diagnostic {
  return isObject(v) && isString(v.message) && (v.severity === 'warning' || v.severity === 'error');
}

/** What a conversion left in the cache: its output's blob and the warnings calibre gave. */
export interface ConversionEntry {
  sha256: string;
  warnings: Diagnostic[];
}

export function isConversionEntry(v: unknown): v is ConversionEntry {
  return isObject(v) && isString(v.sha256) && Array.isArray(v.warnings) && v.warnings.every(isDiagnostic);
}
