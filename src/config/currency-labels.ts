// How current a translation is, said to its readers (index.html and the language's HTML page), in
// the page's language where this table has it, else in English. `{n}` changes, `{c}` chapters,
// `{ref}` the reference language's name in the page's language, `{date}` the oldest change's day.
import { byLanguage } from './labels.js';

interface CurrencyLabels {
  /** Some changes not carried over. */
  behind: string;
  /** None. */
  current: string;
}

const LABELS: Record<string, CurrencyLabels> = {
  de: {
    behind: 'Noch nicht aus dem Original ({ref}) übernommene Änderungen: {n} (Kapitel: {c}), die älteste vom {date}',
    current: 'Alle Änderungen des Originals ({ref}) sind übernommen',
  },
  es: {
    behind: 'Cambios del original ({ref}) aún no incorporados: {n} (capítulos: {c}), el más antiguo del {date}',
    current: 'Todos los cambios del original ({ref}) están incorporados',
  },
  fr: {
    behind: 'Modifications de l’original ({ref}) pas encore reprises : {n} (chapitres : {c}), la plus ancienne du {date}',
    current: 'Toutes les modifications de l’original ({ref}) sont reprises',
  },
  it: {
    behind: 'Modifiche dell’originale ({ref}) non ancora riportate: {n} (capitoli: {c}), la più vecchia del {date}',
    current: 'Tutte le modifiche dell’originale ({ref}) sono riportate',
  },
  ja: { behind: '原文（{ref}）からまだ反映されていない変更：{n} 件（{c} 章）、最も古いものは {date}', current: '原文（{ref}）の変更はすべて反映済みです' },
  ko: { behind: '원문({ref})에서 아직 반영되지 않은 변경: {n}건 ({c}개 장), 가장 오래된 것은 {date}', current: '원문({ref})의 변경이 모두 반영되었습니다' },
  pl: {
    behind: 'Zmiany w oryginale ({ref}) jeszcze nieprzeniesione: {n} (rozdziały: {c}), najstarsza z {date}',
    current: 'Wszystkie zmiany oryginału ({ref}) są przeniesione',
  },
  pt: {
    behind: 'Alterações do original ({ref}) ainda não incorporadas: {n} (capítulos: {c}), a mais antiga de {date}',
    current: 'Todas as alterações do original ({ref}) estão incorporadas',
  },
  ru: {
    behind: 'Изменения оригинала ({ref}), ещё не перенесённые в перевод: {n} (глав: {c}), самое раннее от {date}',
    current: 'Все изменения оригинала ({ref}) перенесены',
  },
  zh: { behind: '尚未从原文（{ref}）同步的更改：{n} 处（{c} 章），最早的在 {date}', current: '原文（{ref}）的更改均已同步' },
  'zh-tw': { behind: '尚未從原文（{ref}）同步的變更：{n} 處（{c} 章），最早的在 {date}', current: '原文（{ref}）的變更均已同步' },
};

/** English, with its plurals: "9 changes in 5 chapters not yet carried over from English, oldest 2014-04-28". */
function english(n: number, c: number, ref: string, date: string): string {
  if (n === 0) return `Every change to the ${ref} original is carried over`;
  return `${n} change${n === 1 ? '' : 's'} in ${c} chapter${c === 1 ? '' : 's'} not yet carried over from ${ref}, oldest ${date}`;
}

export interface CurrencyFacts {
  pending: number;
  chapters: number;
  /** ISO 8601; null when nothing is pending. */
  oldest: string | null;
}

/**
 * The sentence and the language it is in: the page's where the table has it, else English.
 * `refName(locale)` names the reference language in a locale.
 */
export function currencySentence(f: CurrencyFacts, pageLang: string, refName: (locale: string) => string): { text: string; lang: string } {
  const labels = byLanguage(LABELS, pageLang);
  const date = f.oldest?.slice(0, 10) ?? '';
  if (!labels) return { text: english(f.pending, f.chapters, refName('en'), date), lang: 'en' };
  const template = f.pending === 0 ? labels.current : labels.behind;
  const text = template.replace('{ref}', refName(pageLang)).replace('{n}', String(f.pending)).replace('{c}', String(f.chapters)).replace('{date}', date);
  return { text, lang: pageLang };
}
