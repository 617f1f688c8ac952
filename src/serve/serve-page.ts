// What `serve` sends as the page: the rendered HTML with the live-reload snippet (and the warnings
// panel) put in before `</body>`, or a page of the errors. Only the served page carries them; a
// built file never does.
import { formatDiagnostic, type Diagnostic } from '../util/diagnostics.js';
import { escapeXml } from '../util/xml.js';

/** The event stream's path: under a prefix no book heading id can take. */
export const EVENTS_PATH = '/__progit-ebook/events';

export interface Page {
  status: number;
  html: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;

function warningsPanel(warnings: Diagnostic[]): string {
  if (!warnings.length) return '';
  return `<details id="progit-ebook-serve-warnings" style="position:fixed;bottom:0;right:0;max-width:60ch;max-height:40vh;overflow:auto;margin:0;padding:.4em .8em;background:#fff8e1;border:1px solid #c9a227;font:13px/1.4 monospace;z-index:2147483647" dir="ltr">
<summary>${plural(warnings.length, 'warning')}</summary>
${warnings.map((w) => `<div>${escapeXml(formatDiagnostic(w))}</div>`).join('\n')}
</details>\n`;
}

/** The live-reload script and the warnings panel. */
function liveReloadSnippet(version: string, warnings: Diagnostic[]): string {
  return `${warningsPanel(warnings)}<script>
// progit-ebook serve: reload when the book changes, keeping the reading position.
(() => {
  const version = ${JSON.stringify(version)};
  const key = 'progit-ebook-serve-scroll';
  const saved = sessionStorage.getItem(key);
  if (saved !== null) { sessionStorage.removeItem(key); window.scrollTo(0, Number(saved)); }
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  events.addEventListener('version', (event) => {
    if (event.data === version) return;
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
})();
</script>
`;
}

/** Before the last `</body>` (a chapter may quote one earlier), or at the end when there is none. */
export function withLiveReload(html: string, version: string, warnings: Diagnostic[]): string {
  const end = html.lastIndexOf('</body>');
  const snippet = liveReloadSnippet(version, warnings);
  return end < 0 ? html + snippet : html.slice(0, end) + snippet + html.slice(end);
}

function errorPage(lang: string, errors: Diagnostic[]): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(lang)}: build failed</title>
<style>body { font: 15px/1.5 system-ui, sans-serif; margin: 2em; } pre { white-space: pre-wrap; background: #fdecea; border-left: 4px solid #c62828; padding: 1em; }</style>
</head>
<body>
<h1>${escapeXml(lang)}: the preview cannot be built</h1>
<p>Fix the source and save: this page reloads by itself.</p>
<pre id="progit-ebook-serve-errors">${errors.map((e) => escapeXml(formatDiagnostic(e))).join('\n')}</pre>
</body>
</html>
`;
}

/** Until the first rendering: a page still open from a previous server may ask already. */
export function renderingPage(version: string): Page {
  return { status: 503, html: withLiveReload('<!DOCTYPE html><title>rendering</title><body><p>Rendering the preview\u2026</p></body>', version, []) };
}

/** A rendering's page: the HTML when there is some and no error, else the errors. */
export function previewPage(lang: string, version: string, html: string | undefined, findings: Diagnostic[]): Page {
  const errors = findings.filter((f) => f.severity === 'error');
  if (html !== undefined && errors.length === 0)
    return {
      status: 200,
      html: withLiveReload(
        html,
        version,
        findings.filter((f) => f.severity !== 'error'),
      ),
    };
  return { status: 500, html: withLiveReload(errorPage(lang, errors), version, []) };
}

/** The line printed after each rendering. */
export function renderSummary(lang: string, findings: Diagnostic[], ms: number): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  return `${lang}: ${errors ? `${plural(errors, 'error')}, the page shows them` : 'rendered'} in ${ms} ms${warnings ? ` (${plural(warnings, 'warning')})` : ''}`;
}
