const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as XML character data or an attribute value; characters XML forbids (a title in book.json with `\u0001`) are dropped. */
export function escapeXml(text: string): string {
  return removeXmlForbidden(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/**
 * Characters XML 1.0 forbids (C0 controls but tab and newline, U+FFFE/U+FFFF, lone surrogates):
 * one of them makes a whole XHTML file of an EPUB unreadable. Entities such as `&#x1;` decode to
 * them, so this runs on rendered text as well as on sources.
 */
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

declare global {
  interface String {
    /** ES2024, in Node since 20: false when the string holds a lone surrogate. */
    isWellFormed(): boolean;
  }
}

const CONTROL_OR_NONCHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

export function removeXmlForbidden(text: string): string {
  // The lookbehind makes the full pattern slow on megabytes of text that nearly always pass.
  if (text.isWellFormed() && !CONTROL_OR_NONCHARACTER.test(text)) return text;
  return text.replace(XML_FORBIDDEN, '');
}
