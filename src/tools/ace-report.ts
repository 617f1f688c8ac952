// DAISY Ace's report.json read as our findings. Ace states its results in EARL: per document an
// `assertions` list whose failed entries carry the rule (`earl:test` `dct:title`), its impact and
// where (`earl:pointer`: CSS selectors and CFIs, no line numbers). Documents are named inconsistently
// (`OEBPS/content.opf`, `/OEBPS/toc.xhtml`, `ch01.xhtml`, the last relative to the package), so
// every name is made a path inside the EPUB.
import { posix } from 'node:path';
import { z } from 'zod';
import type { Diagnostic } from '../util/diagnostics.js';

const Assertion = z.object({
  'earl:result': z.object({
    'earl:outcome': z.string(),
    'dct:description': z.string().optional(),
    'earl:pointer': z
      .object({ css: z.array(z.string()).optional() })
      .partial()
      .optional(),
  }),
  'earl:test': z.object({
    'dct:title': z.string(),
    'earl:impact': z.string().optional(),
    'dct:description': z.string().optional(),
  }),
});

const Report = z.object({
  assertions: z.array(
    z.object({
      'earl:testSubject': z.object({ url: z.string() }),
      assertions: z.array(Assertion).default([]),
    }),
  ),
});

export type AceReport = z.infer<typeof Report>;

/** Ace's `critical` and `serious` fail a book; `moderate` and `minor` are worth a look. */
const ERROR_IMPACTS = new Set(['critical', 'serious']);

/** The package document's folder: where bare names like `ch01.xhtml` are. */
function packageDir(urls: readonly string[]): string | undefined {
  const opf = urls.find((u) => u.endsWith('.opf')) ?? urls.find((u) => u.startsWith('/'));
  return opf === undefined ? undefined : posix.dirname(opf.replace(/^\/+/, ''));
}

function pathInEpub(url: string, dir: string | undefined): string {
  if (url.startsWith('/')) return url.replace(/^\/+/, '');
  if (url.endsWith('.opf') || dir === undefined || dir === '.' || url.startsWith(`${dir}/`)) return url;
  return posix.join(dir, url);
}

/** Parses report.json's text; throws with what is wrong when it is not an Ace report. */
export function parseAceReport(text: string): AceReport {
  const parsed = Report.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(
      `not an Ace report: ${parsed.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .slice(0, 3)
        .join('; ')}`,
    );
  return parsed.data;
}

/** Each violation as a finding on `<epub>/<document>`; passes are left out. */
export function aceFindings(report: AceReport, epub: string): Diagnostic[] {
  const dir = packageDir(report.assertions.map((d) => d['earl:testSubject'].url));
  return report.assertions.flatMap((doc) =>
    doc.assertions
      .filter((a) => a['earl:result']['earl:outcome'] === 'fail')
      .map((a): Diagnostic => {
        const test = a['earl:test'];
        const where = a['earl:result']['earl:pointer']?.css ?? [];
        const message = a['earl:result']['dct:description'] ?? test['dct:description'] ?? test['dct:title'];
        return {
          severity: ERROR_IMPACTS.has(test['earl:impact'] ?? '') ? 'error' : 'warning',
          file: `${epub}/${pathInEpub(doc['earl:testSubject'].url, dir)}`,
          message: where.length ? `${message} (at ${where.join(', ')})` : message,
          rule: test['dct:title'],
        };
      }),
  );
}
