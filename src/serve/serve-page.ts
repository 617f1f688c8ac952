// What `serve` sends as the page: the rendered HTML with the live-reload snippet (and the warnings
// panel) put in before `</body>`, or a page of the errors. Only the served page carries them; a
// built file never does.
import { formatDiagnostic, type Diagnostic } from '../util/diagnostics.js';
import { html, joinHtml, raw, type SafeHtml } from '../pages/html.js';
import { PAGE_BASE_STYLE } from '../pages/palette.js';
import { page } from '../pages/shell.js';

/** The event stream's path: under a prefix no book heading id can take. */
export const EVENTS_PATH = '/__progit-ebook/events';

export interface Page {
  status: number;
  html: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;

// On the book page, in the palette's colours (pages/palette.ts; its light ones where a page has no palette).
function warningsPanel(warnings: Diagnostic[]): SafeHtml | undefined {
  if (!warnings.length) return undefined;
  return html`<details id="progit-ebook-serve-warnings" style="position:fixed;bottom:0;right:0;max-width:60ch;max-height:40vh;overflow:auto;margin:0;padding:.4em .8em;background:var(--warn,#fff8e1);color:var(--fg,#000);border:1px solid var(--warn-line,#c9a227);font:13px/1.4 monospace;z-index:2147483647" dir="ltr">
<summary>${plural(warnings.length, 'warning')}</summary>
${joinHtml(
  warnings.map((w) => html`<div>${formatDiagnostic(w)}</div>`),
  '\n',
)}
</details>\n`;
}

/** The live-reload script; the version goes in as a JSON string whose `<` are escaped, so that it cannot end the script. */
const LIVE_RELOAD = (version: string) => `
// progit-ebook serve: reload when the book changes, keeping the reading position.
(() => {
  const version = ${JSON.stringify(version).replace(/</g, '\\u003c')};
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
`;

/** The live-reload script and the warnings panel. */
function liveReloadSnippet(version: string, warnings: Diagnostic[]): SafeHtml {
  // The script is this module's own (above).
  return html`${warningsPanel(warnings)}<script>${raw(LIVE_RELOAD(version))}</script>\n`;
}

/** Before the last `</body>` (a chapter may quote one earlier), or at the end when there is none. */
export function withLiveReload(served: string, version: string, warnings: Diagnostic[]): string {
  const end = served.lastIndexOf('</body>');
  const snippet = String(liveReloadSnippet(version, warnings));
  return end < 0 ? served + snippet : served.slice(0, end) + snippet + served.slice(end);
}

const ERROR_STYLE = `${PAGE_BASE_STYLE}body { font: 15px/1.5 system-ui, sans-serif; margin: 2em; } pre { white-space: pre-wrap; background: var(--error); border-left: 4px solid var(--error-line); padding: 1em; }`;

function errorPage(lang: string, errors: Diagnostic[]): string {
  const body = html`<h1>${lang}: the preview cannot be built</h1>
<p>Fix the source and save: this page reloads by itself.</p>
<pre id="progit-ebook-serve-errors">${joinHtml(errors.map(formatDiagnostic), '\n')}</pre>
`;
  return String(page({ lang: 'en', dir: 'ltr', title: `${lang}: build failed`, style: ERROR_STYLE, body }));
}

/** Until the first rendering: a page still open from a previous server may ask already. */
export function renderingPage(version: string): Page {
  const body = html`<p>Rendering the preview\u2026</p>\n`;
  return { status: 503, html: withLiveReload(String(page({ lang: 'en', dir: 'ltr', title: 'rendering', style: PAGE_BASE_STYLE, body })), version, []) };
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
