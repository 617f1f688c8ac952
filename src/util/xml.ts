const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/**
 * Characters XML 1.0 forbids (C0 controls but tab and newline, U+FFFE/U+FFFF, lone surrogates):
 * one of them makes a whole XHTML file of an EPUB unreadable. Entities such as `&#x1;` decode to
 * them, so this runs on rendered text as well as on sources.
 */
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function removeXmlForbidden(text: string): string {
  return text.replace(XML_FORBIDDEN, '');
}
