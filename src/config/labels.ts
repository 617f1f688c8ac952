// Localized words the book's own text does not provide: the figure caption word, the
// table-of-contents title and "Chapter N". Keyed by language directory name, then by its primary subtag.
import type { TextDirection } from '../model/book.js';

interface Labels {
  figure: string;
  toc: string;
  /** Title of a chapter whose source has no level-1 heading; `{n}` is the chapter number. */
  chapter: string;
}

const LABELS: Record<string, Labels> = {
  ar: { figure: 'شكل', toc: 'المحتويات' , chapter: 'الفصل {n}' },
  az: { figure: 'Şəkil', toc: 'Mündəricat' , chapter: 'Fəsil {n}' },
  be: { figure: 'Малюнак', toc: 'Змест' , chapter: 'Раздзел {n}' },
  bg: { figure: 'Фигура', toc: 'Съдържание' , chapter: 'Глава {n}' },
  ca: { figure: 'Figura', toc: 'Índex' , chapter: 'Capítol {n}' },
  cs: { figure: 'Obrázek', toc: 'Obsah' , chapter: 'Kapitola {n}' },
  de: { figure: 'Abbildung', toc: 'Inhaltsverzeichnis' , chapter: 'Kapitel {n}' },
  en: { figure: 'Figure', toc: 'Table of Contents' , chapter: 'Chapter {n}' },
  eo: { figure: 'Figuro', toc: 'Enhavo' , chapter: 'Ĉapitro {n}' },
  es: { figure: 'Figura', toc: 'Índice' , chapter: 'Capítulo {n}' },
  fa: { figure: 'شکل', toc: 'فهرست مطالب' , chapter: 'فصل {n}' },
  fi: { figure: 'Kuva', toc: 'Sisällysluettelo' , chapter: 'Luku {n}' },
  fr: { figure: 'Figure', toc: 'Table des matières' , chapter: 'Chapitre {n}' },
  he: { figure: 'איור', toc: 'תוכן העניינים' , chapter: 'פרק {n}' },
  hi: { figure: 'चित्र', toc: 'विषय सूची' , chapter: 'अध्याय {n}' },
  hu: { figure: 'Ábra', toc: 'Tartalomjegyzék' , chapter: '{n}. fejezet' },
  id: { figure: 'Gambar', toc: 'Daftar Isi' , chapter: 'Bab {n}' },
  it: { figure: 'Figura', toc: 'Indice' , chapter: 'Capitolo {n}' },
  ja: { figure: '図', toc: '目次' , chapter: '第{n}章' },
  ko: { figure: '그림', toc: '목차' , chapter: '제{n}장' },
  mk: { figure: 'Слика', toc: 'Содржина' , chapter: 'Поглавје {n}' },
  nl: { figure: 'Figuur', toc: 'Inhoudsopgave' , chapter: 'Hoofdstuk {n}' },
  no: { figure: 'Figur', toc: 'Innhold' , chapter: 'Kapittel {n}' },
  nb: { figure: 'Figur', toc: 'Innhold' , chapter: 'Kapittel {n}' },
  pl: { figure: 'Rysunek', toc: 'Spis treści' , chapter: 'Rozdział {n}' },
  pt: { figure: 'Figura', toc: 'Índice' , chapter: 'Capítulo {n}' },
  ro: { figure: 'Figura', toc: 'Cuprins' , chapter: 'Capitolul {n}' },
  ru: { figure: 'Рисунок', toc: 'Содержание' , chapter: 'Глава {n}' },
  sr: { figure: 'Слика', toc: 'Садржај' , chapter: 'Поглавље {n}' },
  sv: { figure: 'Figur', toc: 'Innehåll' , chapter: 'Kapitel {n}' },
  th: { figure: 'รูปที่', toc: 'สารบัญ' , chapter: 'บทที่ {n}' },
  tr: { figure: 'Şekil', toc: 'İçindekiler' , chapter: 'Bölüm {n}' },
  uk: { figure: 'Малюнок', toc: 'Зміст' , chapter: 'Розділ {n}' },
  ur: { figure: 'شکل', toc: 'فہرست' , chapter: 'باب {n}' },
  vi: { figure: 'Hình', toc: 'Mục lục' , chapter: 'Chương {n}' },
  zh: { figure: '图', toc: '目录' , chapter: '第{n}章' },
  'zh-tw': { figure: '圖', toc: '目錄' , chapter: '第{n}章' },
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

/** `Глава {n}` + 3 -> `Глава 3`; a label without `{n}` gets the number after it. */
export function chapterTitle(label: string, n: number): string {
  return label.includes('{n}') ? label.split('{n}').join(String(n)) : `${label} ${n}`;
}
