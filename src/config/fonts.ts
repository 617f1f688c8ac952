// Which fonts a PDF uses for each language. Chromium prints the PDF with the system's
// fonts; naming a family that covers the script keeps CJK, Thai, Arabic, ... from coming out as
// boxes. The families are Debian's Noto packages (fonts-noto-core, fonts-noto-cjk, fonts-noto-mono),
// except for Chinese, Japanese and Korean: Noto's CJK fonts have CFF outlines, which Chromium's PDF
// backend (Skia) can only embed as Type 3 fonts (one per 256 glyphs, no names, poorly rendered and
// searched), so those languages use fonts with TrueType outlines, embedded as CID TrueType, with
// Noto CJK after them for any character they lack.

export interface FontFamilies {
  serif: string;
  sans: string;
  mono: string;
  /** Families after each of the three, for characters they lack. */
  fallback?: string[];
}

/** The Debian packages that provide every family below. */
export const FONT_PACKAGES = [
  'fonts-noto-core',
  'fonts-noto-cjk',
  'fonts-noto-mono',
  'fonts-ipaexfont-mincho',
  'fonts-ipaexfont-gothic',
  'fonts-ipafont-gothic',
  'fonts-wqy-microhei',
  'fonts-nanum',
] as const;

type Region = 'SC' | 'TC' | 'JP' | 'KR';

/**
 * TrueType-outline families per CJK region: Mincho/Myeongjo for text, Gothic for headings, a
 * fixed-width one for code. Chinese is all Hei: AR PL UMing, the one Ming (serif) face Debian has
 * with TrueType outlines, came out as a 10 MB subset in Pro Git zh's PDF (against 60 kB for Micro Hei).
 */
const CJK_TRUETYPE: Record<Region, Omit<FontFamilies, 'fallback'>> = {
  SC: { serif: 'WenQuanYi Micro Hei', sans: 'WenQuanYi Micro Hei', mono: 'WenQuanYi Micro Hei Mono' },
  TC: { serif: 'WenQuanYi Micro Hei', sans: 'WenQuanYi Micro Hei', mono: 'WenQuanYi Micro Hei Mono' },
  JP: { serif: 'IPAexMincho', sans: 'IPAexGothic', mono: 'IPAGothic' },
  KR: { serif: 'NanumMyeongjo', sans: 'NanumGothic', mono: 'NanumGothic' },
};

const cjk = (region: Region): FontFamilies => ({ ...CJK_TRUETYPE[region], fallback: [`Noto Sans CJK ${region}`] });

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

/** The families of one language's PDF, fallbacks included. */
export function familiesOf(fonts: FontFamilies): string[] {
  return [fonts.serif, fonts.sans, fonts.mono, ...(fonts.fallback ?? [])];
}

/** Every family some language's PDF may use, for checking an installation before any book is known. */
export function everyFontFamily(): string[] {
  return [...new Set([DEFAULT_FONTS, ...Object.values(FONTS)].flatMap(familiesOf))];
}
