// Heading ids must be ASCII (EPUB readers and the NCX choke on others) and unique in a language.
// Titles without Latin letters (CJK, Cyrillic, Thai, Arabic) get positional ids instead of
// collapsing to an empty or shared slug.

/** ASCII slug of a title: `Git Basics` -> `git-basics`, `Vérifier` -> `verifier`, `分支` -> ``. */
export function asciiSlug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** Hands out unique ids for one language. */
export class IdAllocator {
  private readonly used = new Set<string>();
  /** The number to try next after each base: 20,000 headings of one title counting from 2 each took 76 s. */
  private readonly next = new Map<string, number>();

  /** `fallback` is used when the title has no ASCII letters or digits to build a slug from. */
  allocate(title: string, fallback: string): string {
    let base = asciiSlug(title);
    // A title of mostly non-Latin text with a stray Latin word would slug to that word alone.
    const latin = title.replace(/[^A-Za-z0-9\u00c0-\u024f]/g, '').length;
    // Counted only when it can matter: the Unicode classes cost milliseconds to compile.
    if (!base || (latin * 2 < title.length && latin * 2 < title.replace(/[\s\p{P}\p{S}]/gu, '').length)) base = fallback;
    if (/^[0-9]/.test(base)) base = `s-${base}`;
    let id = base;
    let n = this.next.get(base) ?? 2;
    for (; this.used.has(id); n++) id = `${base}-${n}`;
    this.next.set(base, n);
    this.used.add(id);
    return id;
  }

  has(id: string): boolean {
    return this.used.has(id);
  }

  reserve(id: string): void {
    this.used.add(id);
  }
}

/** `%E4%B8%AD` -> `中`; a malformed escape is kept as written rather than thrown. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
