// Which fonts a PDF uses for each language. calibre's PDF output renders with the system's
// fonts; naming a family that covers the script keeps CJK, Thai, Arabic, ... from coming out as
// boxes. The families are Debian's Noto packages (fonts-noto-core, fonts-noto-cjk, fonts-noto-mono).

export interface FontFamilies {
  serif: string;
  sans: string;
  mono: string;
}

/** The Debian packages that provide every family below. */
export const FONT_PACKAGES = ['fonts-noto-core', 'fonts-noto-cjk', 'fonts-noto-mono'] as const;

const cjk = (region: 'SC' | 'TC' | 'JP' | 'KR'): FontFamilies => ({
  serif: `Noto Serif CJK ${region}`,
  sans: `Noto Sans CJK ${region}`,
  mono: `Noto Sans Mono CJK ${region}`,
});

const script = (name: string, serif = `Noto Serif ${name}`): FontFamilies => ({ serif, sans: `Noto Sans ${name}`, mono: 'Noto Sans Mono' });

/** Latin, Cyrillic, Greek and Vietnamese: everything Noto Serif covers. */
export const DEFAULT_FONTS: FontFamilies = { serif: 'Noto Serif', sans: 'Noto Sans', mono: 'Noto Sans Mono' };

/** Keyed by lower-case BCP 47 tag, then by language and script, then by primary subtag. */
const FONTS: Record<string, FontFamilies> = {
  zh: cjk('SC'),
  'zh-cn': cjk('SC'),
  'zh-sg': cjk('SC'),
  'zh-hans': cjk('SC'),
  'zh-tw': cjk('TC'),
  'zh-hk': cjk('TC'),
  'zh-mo': cjk('TC'),
  'zh-hant': cjk('TC'),
  ja: cjk('JP'),
  ko: cjk('KR'),
  th: script('Thai'),
  ar: script('Arabic', 'Noto Naskh Arabic'),
  fa: script('Arabic', 'Noto Naskh Arabic'),
  ur: script('Arabic', 'Noto Naskh Arabic'),
  he: script('Hebrew'),
  hi: script('Devanagari'),
};

/** The serif, sans-serif and monospace families for a BCP 47 language tag (`zh-TW`, `ar`, `pt-BR`). */
export function fontsFor(lang: string): FontFamilies {
  const [primary = '', ...rest] = lang.toLowerCase().split(/[-_]/);
  const scriptTag = rest.find((p) => p.length === 4);
  return (
    FONTS[lang.toLowerCase()] ??
    (scriptTag ? FONTS[`${primary}-${scriptTag}`] : undefined) ??
    FONTS[`${primary}-${rest.find((p) => p.length === 2) ?? ''}`] ??
    FONTS[primary] ??
    DEFAULT_FONTS
  );
}

/** Every family some language's PDF may use, for checking an installation before any book is known. */
export function everyFontFamily(): string[] {
  return [...new Set([DEFAULT_FONTS, ...Object.values(FONTS)].flatMap((f) => [f.serif, f.sans, f.mono]))];
}
