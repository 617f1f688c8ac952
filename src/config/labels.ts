// Localized words the book's own text does not provide: the figure caption word, the
// table-of-contents title, "Chapter N" and the HTML page's skip link. Keyed by language directory name, then by its primary subtag.
import type { TextDirection } from '../model/book.js';

interface Labels {
  figure: string;
  toc: string;
  /** Title of a chapter whose source has no level-1 heading; `{n}` is the chapter number. */
  chapter: string;
  /** The HTML page's skip link, to the text past the table of contents. */
  skip: string;
}

const LABELS: Record<string, Labels> = {
  ar: { figure: 'شكل', toc: 'المحتويات', chapter: 'الفصل {n}', skip: 'انتقل إلى المحتوى' },
  az: { figure: 'Şəkil', toc: 'Mündəricat', chapter: 'Fəsil {n}', skip: 'Məzmuna keç' },
  be: { figure: 'Малюнак', toc: 'Змест', chapter: 'Раздзел {n}', skip: 'Перайсці да зместу' },
  bg: { figure: 'Фигура', toc: 'Съдържание', chapter: 'Глава {n}', skip: 'Към съдържанието' },
  ca: { figure: 'Figura', toc: 'Índex', chapter: 'Capítol {n}', skip: 'Salta al contingut' },
  cs: { figure: 'Obrázek', toc: 'Obsah', chapter: 'Kapitola {n}', skip: 'Přejít na obsah' },
  de: { figure: 'Abbildung', toc: 'Inhaltsverzeichnis', chapter: 'Kapitel {n}', skip: 'Zum Inhalt springen' },
  en: { figure: 'Figure', toc: 'Table of Contents', chapter: 'Chapter {n}', skip: 'Skip to content' },
  eo: { figure: 'Figuro', toc: 'Enhavo', chapter: 'Ĉapitro {n}', skip: 'Salti al la enhavo' },
  es: { figure: 'Figura', toc: 'Índice', chapter: 'Capítulo {n}', skip: 'Saltar al contenido' },
  fa: { figure: 'شکل', toc: 'فهرست مطالب', chapter: 'فصل {n}', skip: 'پرش به محتوا' },
  fi: { figure: 'Kuva', toc: 'Sisällysluettelo', chapter: 'Luku {n}', skip: 'Siirry sisältöön' },
  fr: { figure: 'Figure', toc: 'Table des matières', chapter: 'Chapitre {n}', skip: 'Aller au contenu' },
  he: { figure: 'איור', toc: 'תוכן העניינים', chapter: 'פרק {n}', skip: 'דלג לתוכן' },
  hi: { figure: 'चित्र', toc: 'विषय सूची', chapter: 'अध्याय {n}', skip: 'सामग्री पर जाएँ' },
  hu: { figure: 'Ábra', toc: 'Tartalomjegyzék', chapter: '{n}. fejezet', skip: 'Ugrás a tartalomhoz' },
  id: { figure: 'Gambar', toc: 'Daftar Isi', chapter: 'Bab {n}', skip: 'Langsung ke isi' },
  it: { figure: 'Figura', toc: 'Indice', chapter: 'Capitolo {n}', skip: 'Vai al contenuto' },
  ja: { figure: '図', toc: '目次', chapter: '第{n}章', skip: '本文へスキップ' },
  ko: { figure: '그림', toc: '목차', chapter: '제{n}장', skip: '본문으로 건너뛰기' },
  mk: { figure: 'Слика', toc: 'Содржина', chapter: 'Поглавје {n}', skip: 'Прескокни до содржината' },
  nl: { figure: 'Figuur', toc: 'Inhoudsopgave', chapter: 'Hoofdstuk {n}', skip: 'Naar de inhoud' },
  no: { figure: 'Figur', toc: 'Innhold', chapter: 'Kapittel {n}', skip: 'Hopp til innholdet' },
  nb: { figure: 'Figur', toc: 'Innhold', chapter: 'Kapittel {n}', skip: 'Hopp til innholdet' },
  pl: { figure: 'Rysunek', toc: 'Spis treści', chapter: 'Rozdział {n}', skip: 'Przejdź do treści' },
  pt: { figure: 'Figura', toc: 'Índice', chapter: 'Capítulo {n}', skip: 'Pular para o conteúdo' },
  ro: { figure: 'Figura', toc: 'Cuprins', chapter: 'Capitolul {n}', skip: 'Salt la conținut' },
  ru: { figure: 'Рисунок', toc: 'Содержание', chapter: 'Глава {n}', skip: 'Перейти к содержимому' },
  sr: { figure: 'Слика', toc: 'Садржај', chapter: 'Поглавље {n}', skip: 'Пређи на садржај' },
  sv: { figure: 'Figur', toc: 'Innehåll', chapter: 'Kapitel {n}', skip: 'Hoppa till innehållet' },
  th: { figure: 'รูปที่', toc: 'สารบัญ', chapter: 'บทที่ {n}', skip: 'ข้ามไปยังเนื้อหา' },
  tr: { figure: 'Şekil', toc: 'İçindekiler', chapter: 'Bölüm {n}', skip: 'İçeriğe geç' },
  uk: { figure: 'Малюнок', toc: 'Зміст', chapter: 'Розділ {n}', skip: 'Перейти до вмісту' },
  ur: { figure: 'شکل', toc: 'فہرست', chapter: 'باب {n}', skip: 'مواد پر جائیں' },
  vi: { figure: 'Hình', toc: 'Mục lục', chapter: 'Chương {n}', skip: 'Chuyển đến nội dung' },
  zh: { figure: '图', toc: '目录', chapter: '第{n}章', skip: '跳到正文' },
  'zh-tw': { figure: '圖', toc: '目錄', chapter: '第{n}章', skip: '跳到正文' },
};

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv', 'ckb', 'ku']);

function primarySubtag(code: string): string {
  return code.toLowerCase().split(/[-_]/)[0] ?? code;
}

/** The entry for a language directory name (`pt-br`), else for its primary subtag (`pt`), if any. */
export function byLanguage<T>(table: Readonly<Record<string, T>>, code: string): T | undefined {
  return table[code.toLowerCase()] ?? table[primarySubtag(code)];
}

export function labelsFor(code: string): Labels {
  return byLanguage(LABELS, code) ?? (LABELS.en as Labels);
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
  return [
    first.toLowerCase(),
    ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p.length === 4 ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : p.toLowerCase())),
  ].join('-');
}

/** `Глава {n}` + 3 -> `Глава 3`; a label without `{n}` gets the number after it. */
export function chapterTitle(label: string, n: number): string {
  return label.includes('{n}') ? label.split('{n}').join(String(n)) : `${label} ${n}`;
}
