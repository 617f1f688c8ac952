// The one page shell: doctype, language and direction, the viewport and `color-scheme`, the title,
// the style sheet, the body and an optional script. Every page this tool writes is one of these.
import { html, raw, type SafeHtml } from './html.js';

export interface PageParts {
  lang: string;
  dir: 'ltr' | 'rtl';
  /** Text: escaped. */
  title: string;
  /** Head elements after the title (a description, alternates). */
  head?: SafeHtml;
  /** The style sheet this tool wrote (CSS, not text: it goes in as it is). */
  style: string;
  body: SafeHtml;
  /** A script this tool wrote, last in the body. */
  script?: string;
}

/**
 * CSS and scripts go in as they are, but for the one thing that would end their element early (a
 * book's own style sheet could hold it in a comment or a string): `</` becomes `<\/`, the same
 * string in CSS and in a script.
 */
function inElement(tag: 'style' | 'script', text: string): SafeHtml {
  return raw(text.replace(new RegExp(`</(?=${tag})`, 'gi'), '<\\/'));
}

export function page(parts: PageParts): SafeHtml {
  const script = parts.script === undefined ? undefined : html`<script>${inElement('script', parts.script)}</script>\n`;
  return html`<!DOCTYPE html>
<html lang="${parts.lang}" dir="${parts.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${parts.title}</title>
${parts.head}<style>${inElement('style', parts.style)}</style>
</head>
<body>
${parts.body}${script}</body>
</html>
`;
}
