// Localized words the book's own text does not provide: the figure caption word and the
// table-of-contents title. Keyed by language directory name, then by its primary subtag.
import type { TextDirection } from '../model/book.js';

interface Labels {
  figure: string;
  toc: string;
}

const LABELS: Record<string, Labels> = {
  ar: { figure: 'شكل', toc: 'المحتويات' },
  az: { figure: 'Şəkil', toc: 'Mündəricat' },
  be: { figure: 'Малюнак', toc: 'Змест' },
  bg: { figure: 'Фигура', toc: 'Съдържание' },
  ca: { figure: 'Figura', toc: 'Índex' },
  cs: { figure: 'Obrázek', toc: 'Obsah' },
  de: { figure: 'Abbildung', toc: 'Inhaltsverzeichnis' },
  en: { figure: 'Figure', toc: 'Table of Contents' },
  eo: { figure: 'Figuro', toc: 'Enhavo' },
  es: { figure: 'Figura', toc: 'Índice' },
  fa: { figure: 'شکل', toc: 'فهرست مطالب' },
  fi: { figure: 'Kuva', toc: 'Sisällysluettelo' },
  fr: { figure: 'Figure', toc: 'Table des matières' },
  he: { figure: 'איור', toc: 'תוכן העניינים' },
  hi: { figure: 'चित्र', toc: 'विषय सूची' },
  hu: { figure: 'Ábra', toc: 'Tartalomjegyzék' },
  id: { figure: 'Gambar', toc: 'Daftar Isi' },
  it: { figure: 'Figura', toc: 'Indice' },
  ja: { figure: '図', toc: '目次' },
  ko: { figure: '그림', toc: '목차' },
  mk: { figure: 'Слика', toc: 'Содржина' },
  nl: { figure: 'Figuur', toc: 'Inhoudsopgave' },
  no: { figure: 'Figur', toc: 'Innhold' },
  nb: { figure: 'Figur', toc: 'Innhold' },
  pl: { figure: 'Rysunek', toc: 'Spis treści' },
  pt: { figure: 'Figura', toc: 'Índice' },
  ro: { figure: 'Figura', toc: 'Cuprins' },
  ru: { figure: 'Рисунок', toc: 'Содержание' },
  sr: { figure: 'Слика', toc: 'Садржај' },
  sv: { figure: 'Figur', toc: 'Innehåll' },
  th: { figure: 'รูปที่', toc: 'สารบัญ' },
  tr: { figure: 'Şekil', toc: 'İçindekiler' },
  uk: { figure: 'Малюнок', toc: 'Зміст' },
  ur: { figure: 'شکل', toc: 'فہرست' },
  vi: { figure: 'Hình', toc: 'Mục lục' },
  zh: { figure: '图', toc: '目录' },
  'zh-tw': { figure: '圖', toc: '目錄' },
};

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv', 'ckb', 'ku']);

function primarySubtag(code: string): string {
  return code.toLowerCase().split(/[-_]/)[0] ?? code;
}

export function labelsFor(code: string): Labels {
  return LABELS[code.toLowerCase()] ?? LABELS[primarySubtag(code)] ?? (LABELS.en as Labels);
}

export function directionOf(code: string): TextDirection {
  return RTL_LANGUAGES.has(primarySubtag(code)) ? 'rtl' : 'ltr';
}

/** BCP 47 form of a directory name: `pt-br` -> `pt-BR`, `zh-tw` -> `zh-TW`, `no-nb` -> `nb`. */
export function bcp47(code: string): string {
  const parts = code.split(/[-_]/);
  const [first, ...rest] = parts;
  if (!first) return code;
  // Pro Git's `no-nb` is Norwegian Bokmål, whose tag is `nb`.
  if (first.toLowerCase() === 'no' && rest[0]?.toLowerCase() === 'nb') return 'nb';
  return [first.toLowerCase(), ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p.length === 4 ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : p.toLowerCase()))].join('-');
}
