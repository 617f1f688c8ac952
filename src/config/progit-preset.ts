// Built-in configuration for a Pro Git checkout without book.json: the titles, authors and
// comments that upstream's makeebooks script passed to calibre for each language.
import type { BookConfig } from './schema.js';

const LICENSE = 'Creative Commons Attribution-Non Commercial-Share Alike 3.0';

export const PROGIT_PRESET: BookConfig = {
  name: 'progit',
  title: 'Pro Git - professional version control',
  authors: ['Scott Chacon'],
  description: `licensed under the ${LICENSE} license`,
  rights: `${LICENSE} license`,
  publisher: 'Pro Git',
  cover: 'ebooks/cover.png',
  languages: {
    ru: {
      title: 'Pro Git — профессиональный контроль версий',
      authors: ['Скот Чакон'],
      description: `Лицензия: ${LICENSE} license`,
    },
    it: { description: `distribuito sotto licenza ${LICENSE}` },
    pl: {
      title: 'Pro Git — profesjonalna kontrola wersji',
      description: `udostępnione na licencji ${LICENSE} license`,
    },
    cs: {
      title: 'Pro Git — profesionální správa verzí',
      description: `Licence: ${LICENSE} license`,
    },
    'no-nb': {
      title: 'Pro Git - profesjonell versjonkontroll',
      description: `Lisens: ${LICENSE} license`,
    },
  },
};
