// The EPUB's `schema:accessibilitySummary`, in the book's language where we have it (else English,
// marked as such): one sentence on structure, true of every book we make, and one on figures,
// used only when every image has a text alternative.
import { byLanguage } from './labels.js';

export interface A11ySummary {
  structure: string;
  figures: string;
}

const SUMMARIES: Record<string, A11ySummary> = {
  ar: { structure: 'للفصول والأقسام عناوين بترتيب القراءة، ويقود فهرس مرتبط إلى كل منها.', figures: 'لكل شكل بديل نصي مأخوذ من تعليقه.' },
  cs: {
    structure: 'Kapitoly a oddíly mají nadpisy v pořadí čtení a obsah s odkazy vede ke každému z nich.',
    figures: 'Každý obrázek má textovou alternativu převzatou z jeho popisku.',
  },
  de: {
    structure: 'Kapitel und Abschnitte haben Überschriften in Lesereihenfolge; ein verlinktes Inhaltsverzeichnis führt zu jedem von ihnen.',
    figures: 'Jede Abbildung hat eine Textalternative aus ihrer Bildunterschrift.',
  },
  en: {
    structure: 'Chapters and sections have headings in reading order, and a linked table of contents leads to each of them.',
    figures: 'Every figure has a text alternative taken from its caption.',
  },
  es: {
    structure: 'Los capítulos y las secciones tienen encabezados en orden de lectura, y un índice con enlaces lleva a cada uno de ellos.',
    figures: 'Cada figura tiene una alternativa textual tomada de su pie.',
  },
  fr: {
    structure: 'Les chapitres et les sections ont des titres dans l’ordre de lecture, et une table des matières avec liens mène à chacun d’eux.',
    figures: 'Chaque figure a une alternative textuelle tirée de sa légende.',
  },
  it: {
    structure: 'Capitoli e sezioni hanno titoli in ordine di lettura, e un indice con collegamenti porta a ciascuno di essi.',
    figures: 'Ogni figura ha un’alternativa testuale tratta dalla sua didascalia.',
  },
  ja: {
    structure: '章と節には読む順に見出しが付いており、リンク付きの目次から各章節に移動できます。',
    figures: 'すべての図に、キャプションから取った代替テキストがあります。',
  },
  ko: {
    structure: '장과 절에는 읽는 순서대로 제목이 있으며, 링크가 있는 목차로 각 장과 절로 이동할 수 있습니다.',
    figures: '모든 그림에는 캡션에서 가져온 대체 텍스트가 있습니다.',
  },
  nl: {
    structure: 'Hoofdstukken en secties hebben koppen in leesvolgorde, en een inhoudsopgave met links leidt naar elk ervan.',
    figures: 'Elke afbeelding heeft een tekstalternatief uit het bijschrift.',
  },
  pl: {
    structure: 'Rozdziały i sekcje mają nagłówki w kolejności czytania, a spis treści z odnośnikami prowadzi do każdego z nich.',
    figures: 'Każdy rysunek ma tekst alternatywny wzięty z jego podpisu.',
  },
  pt: {
    structure: 'Capítulos e seções têm títulos na ordem de leitura, e um sumário com links leva a cada um deles.',
    figures: 'Cada figura tem uma alternativa em texto tirada da sua legenda.',
  },
  ru: {
    structure: 'Главы и разделы имеют заголовки в порядке чтения, а оглавление со ссылками ведёт к каждому из них.',
    figures: 'У каждого рисунка есть текстовая альтернатива, взятая из его подписи.',
  },
  sv: {
    structure: 'Kapitel och avsnitt har rubriker i läsordning, och en länkad innehållsförteckning leder till vart och ett av dem.',
    figures: 'Varje figur har ett textalternativ hämtat från dess bildtext.',
  },
  tr: {
    structure: 'Bölümlerin ve alt bölümlerin okuma sırasına göre başlıkları vardır; bağlantılı bir içindekiler tablosu her birine götürür.',
    figures: 'Her şeklin, alt yazısından alınmış bir metin alternatifi vardır.',
  },
  uk: {
    structure: 'Розділи та підрозділи мають заголовки в порядку читання, а зміст із посиланнями веде до кожного з них.',
    figures: 'Кожен малюнок має текстову альтернативу, взяту з його підпису.',
  },
  zh: { structure: '各章节均有按阅读顺序排列的标题，带链接的目录可直达每一章节。', figures: '每幅图都有取自其图注的替代文本。' },
  'zh-tw': { structure: '各章節均有依閱讀順序排列的標題，附連結的目錄可直達每一章節。', figures: '每幅圖都有取自其圖說的替代文字。' },
};

/** The summary's sentences and the language they are in (`undefined`: the book's own). */
export function a11ySummaryFor(code: string): { summary: A11ySummary; lang?: string } {
  const own = byLanguage(SUMMARIES, code);
  return own ? { summary: own } : { summary: SUMMARIES.en as A11ySummary, lang: 'en' };
}
