// Localized words the book's own text does not provide: the figure caption word, the
// table-of-contents title, "Chapter N", the title page's "Translated by" and the HTML page's skip
// link and language menu. Keyed by language directory name, then by its primary subtag.
import type { TextDirection } from '../model/book.js';

interface Labels {
  figure: string;
  toc: string;
  /** Title of a chapter whose source has no level-1 heading; `{n}` is the chapter number. */
  chapter: string;
  /** The title page's line naming the translators; `{names}` is their list. */
  translators: string;
  /** The HTML page's skip link, to the text past the table of contents. */
  skip: string;
  /** The name of the HTML page's menu of the release's other languages. */
  languages: string;
  /** The HTML page's link to the release's index.html. */
  release: string;
}

const NORWEGIAN: Labels = {
  figure: 'Figur',
  toc: 'Innhold',
  chapter: 'Kapittel {n}',
  translators: 'Oversatt av {names}',
  skip: 'Hopp til innholdet',
  languages: 'Språk',
  release: 'Alle språk og formater',
};

const LABELS: Record<string, Labels> = {
  ar: {
    figure: 'شكل',
    toc: 'المحتويات',
    chapter: 'الفصل {n}',
    translators: 'ترجمة {names}',
    skip: 'انتقل إلى المحتوى',
    languages: 'اللغات',
    release: 'كل اللغات والصيغ',
  },
  az: {
    figure: 'Şəkil',
    toc: 'Mündəricat',
    chapter: 'Fəsil {n}',
    translators: 'Tərcümə: {names}',
    skip: 'Məzmuna keç',
    languages: 'Dillər',
    release: 'Bütün dillər və formatlar',
  },
  be: {
    figure: 'Малюнак',
    toc: 'Змест',
    chapter: 'Раздзел {n}',
    translators: 'Пераклад: {names}',
    skip: 'Перайсці да зместу',
    languages: 'Мовы',
    release: 'Усе мовы і фарматы',
  },
  bg: {
    figure: 'Фигура',
    toc: 'Съдържание',
    chapter: 'Глава {n}',
    translators: 'Превод: {names}',
    skip: 'Към съдържанието',
    languages: 'Езици',
    release: 'Всички езици и формати',
  },
  ca: {
    figure: 'Figura',
    toc: 'Índex',
    chapter: 'Capítol {n}',
    translators: 'Traducció: {names}',
    skip: 'Salta al contingut',
    languages: 'Idiomes',
    release: 'Tots els idiomes i formats',
  },
  cs: {
    figure: 'Obrázek',
    toc: 'Obsah',
    chapter: 'Kapitola {n}',
    translators: 'Překlad: {names}',
    skip: 'Přejít na obsah',
    languages: 'Jazyky',
    release: 'Všechny jazyky a formáty',
  },
  de: {
    figure: 'Abbildung',
    toc: 'Inhaltsverzeichnis',
    chapter: 'Kapitel {n}',
    translators: 'Übersetzung: {names}',
    skip: 'Zum Inhalt springen',
    languages: 'Sprachen',
    release: 'Alle Sprachen und Formate',
  },
  en: {
    figure: 'Figure',
    toc: 'Table of Contents',
    chapter: 'Chapter {n}',
    translators: 'Translated by {names}',
    skip: 'Skip to content',
    languages: 'Languages',
    release: 'All languages and formats',
  },
  eo: {
    figure: 'Figuro',
    toc: 'Enhavo',
    chapter: 'Ĉapitro {n}',
    translators: 'Tradukis {names}',
    skip: 'Salti al la enhavo',
    languages: 'Lingvoj',
    release: 'Ĉiuj lingvoj kaj formatoj',
  },
  es: {
    figure: 'Figura',
    toc: 'Índice',
    chapter: 'Capítulo {n}',
    translators: 'Traducción de {names}',
    skip: 'Saltar al contenido',
    languages: 'Idiomas',
    release: 'Todos los idiomas y formatos',
  },
  fa: {
    figure: 'شکل',
    toc: 'فهرست مطالب',
    chapter: 'فصل {n}',
    translators: 'ترجمهٔ {names}',
    skip: 'پرش به محتوا',
    languages: 'زبان\u200cها',
    release: 'همهٔ زبان\u200cها و قالب\u200cها',
  },
  fi: {
    figure: 'Kuva',
    toc: 'Sisällysluettelo',
    chapter: 'Luku {n}',
    translators: 'Käännös: {names}',
    skip: 'Siirry sisältöön',
    languages: 'Kielet',
    release: 'Kaikki kielet ja muodot',
  },
  fr: {
    figure: 'Figure',
    toc: 'Table des matières',
    chapter: 'Chapitre {n}',
    translators: 'Traduit par {names}',
    skip: 'Aller au contenu',
    languages: 'Langues',
    release: 'Toutes les langues et tous les formats',
  },
  he: {
    figure: 'איור',
    toc: 'תוכן העניינים',
    chapter: 'פרק {n}',
    translators: 'תרגום: {names}',
    skip: 'דלג לתוכן',
    languages: 'שפות',
    release: 'כל השפות והפורמטים',
  },
  hi: {
    figure: 'चित्र',
    toc: 'विषय सूची',
    chapter: 'अध्याय {n}',
    translators: 'अनुवाद: {names}',
    skip: 'सामग्री पर जाएँ',
    languages: 'भाषाएँ',
    release: 'सभी भाषाएँ और प्रारूप',
  },
  hu: {
    figure: 'Ábra',
    toc: 'Tartalomjegyzék',
    chapter: '{n}. fejezet',
    translators: 'Fordította: {names}',
    skip: 'Ugrás a tartalomhoz',
    languages: 'Nyelvek',
    release: 'Minden nyelv és formátum',
  },
  id: {
    figure: 'Gambar',
    toc: 'Daftar Isi',
    chapter: 'Bab {n}',
    translators: 'Diterjemahkan oleh {names}',
    skip: 'Langsung ke isi',
    languages: 'Bahasa',
    release: 'Semua bahasa dan format',
  },
  it: {
    figure: 'Figura',
    toc: 'Indice',
    chapter: 'Capitolo {n}',
    translators: 'Traduzione di {names}',
    skip: 'Vai al contenuto',
    languages: 'Lingue',
    release: 'Tutte le lingue e i formati',
  },
  ja: { figure: '図', toc: '目次', chapter: '第{n}章', translators: '{names} 訳', skip: '本文へスキップ', languages: '言語', release: 'すべての言語と形式' },
  ko: {
    figure: '그림',
    toc: '목차',
    chapter: '제{n}장',
    translators: '{names} 옮김',
    skip: '본문으로 건너뛰기',
    languages: '언어',
    release: '모든 언어와 형식',
  },
  mk: {
    figure: 'Слика',
    toc: 'Содржина',
    chapter: 'Поглавје {n}',
    translators: 'Превод: {names}',
    skip: 'Прескокни до содржината',
    languages: 'Јазици',
    release: 'Сите јазици и формати',
  },
  nl: {
    figure: 'Figuur',
    toc: 'Inhoudsopgave',
    chapter: 'Hoofdstuk {n}',
    translators: 'Vertaald door {names}',
    skip: 'Naar de inhoud',
    languages: 'Talen',
    release: 'Alle talen en formaten',
  },
  // Norwegian (Pro Git's `no-nb`) and Bokmål (`nb`) say the same.
  no: NORWEGIAN,
  nb: NORWEGIAN,
  pl: {
    figure: 'Rysunek',
    toc: 'Spis treści',
    chapter: 'Rozdział {n}',
    translators: 'Tłumaczenie: {names}',
    skip: 'Przejdź do treści',
    languages: 'Języki',
    release: 'Wszystkie języki i formaty',
  },
  pt: {
    figure: 'Figura',
    toc: 'Índice',
    chapter: 'Capítulo {n}',
    translators: 'Tradução de {names}',
    skip: 'Pular para o conteúdo',
    languages: 'Idiomas',
    release: 'Todos os idiomas e formatos',
  },
  ro: {
    figure: 'Figura',
    toc: 'Cuprins',
    chapter: 'Capitolul {n}',
    translators: 'Traducere de {names}',
    skip: 'Salt la conținut',
    languages: 'Limbi',
    release: 'Toate limbile și formatele',
  },
  ru: {
    figure: 'Рисунок',
    toc: 'Содержание',
    chapter: 'Глава {n}',
    translators: 'Перевод: {names}',
    skip: 'Перейти к содержимому',
    languages: 'Языки',
    release: 'Все языки и форматы',
  },
  sr: {
    figure: 'Слика',
    toc: 'Садржај',
    chapter: 'Поглавље {n}',
    translators: 'Превод: {names}',
    skip: 'Пређи на садржај',
    languages: 'Језици',
    release: 'Сви језици и формати',
  },
  sv: {
    figure: 'Figur',
    toc: 'Innehåll',
    chapter: 'Kapitel {n}',
    translators: 'Översättning: {names}',
    skip: 'Hoppa till innehållet',
    languages: 'Språk',
    release: 'Alla språk och format',
  },
  th: { figure: 'รูปที่', toc: 'สารบัญ', chapter: 'บทที่ {n}', translators: 'แปลโดย {names}', skip: 'ข้ามไปยังเนื้อหา', languages: 'ภาษา', release: 'ทุกภาษาและทุกรูปแบบ' },
  tr: {
    figure: 'Şekil',
    toc: 'İçindekiler',
    chapter: 'Bölüm {n}',
    translators: 'Çeviren: {names}',
    skip: 'İçeriğe geç',
    languages: 'Diller',
    release: 'Tüm diller ve biçimler',
  },
  uk: {
    figure: 'Малюнок',
    toc: 'Зміст',
    chapter: 'Розділ {n}',
    translators: 'Переклад: {names}',
    skip: 'Перейти до вмісту',
    languages: 'Мови',
    release: 'Усі мови та формати',
  },
  ur: {
    figure: 'شکل',
    toc: 'فہرست',
    chapter: 'باب {n}',
    translators: 'ترجمہ: {names}',
    skip: 'مواد پر جائیں',
    languages: 'زبانیں',
    release: 'تمام زبانیں اور فارمیٹ',
  },
  vi: {
    figure: 'Hình',
    toc: 'Mục lục',
    chapter: 'Chương {n}',
    translators: 'Người dịch: {names}',
    skip: 'Chuyển đến nội dung',
    languages: 'Ngôn ngữ',
    release: 'Tất cả ngôn ngữ và định dạng',
  },
  zh: { figure: '图', toc: '目录', chapter: '第{n}章', translators: '{names} 译', skip: '跳到正文', languages: '语言', release: '所有语言和格式' },
  'zh-tw': { figure: '圖', toc: '目錄', chapter: '第{n}章', translators: '{names} 譯', skip: '跳到正文', languages: '語言', release: '所有語言和格式' },
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

/**
 * The label that numbers a chapter of language `code` (`Глава {n}`); for a language without one, the
 * bare number, which reads in any language where an English word would not.
 */
export function chapterLabelOf(code: string): string {
  return byLanguage(LABELS, code)?.chapter ?? '{n}';
}
