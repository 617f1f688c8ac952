// A book with a real history for the tests of status's kinds and sections, --carry and the
// readers' line: en, ja and de from the start (ja keeps en's structure, de merged two sections),
// then en changes code, whitespace, prose, and code again. And the CLI run in this process.
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { gitBook, type GitBook } from './git-book.js';

export async function run(argv: string[], isTty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export const EN = 'en/01-intro/01-chapter1.markdown';
export const JA = 'ja/01-intro/01-chapter1.markdown';
export const DE = 'de/01-intro/01-chapter1.markdown';

export const EN_START = `# Getting Started #

Intro prose.

## Installing ##

Run this:

\t$ git --version
\tgit version 1.7.0

Insert 18333fig0101.png
Figure 1-1. Local.

## Configuring ##

Set your name:

\t$ git config --global user.name "John"

More prose here.
`;

export const JA_START = `# 起動 #

紹介。

## インストール ##

これを実行:

\t$ git --version
\tgit version 1.7.0

Insert 18333fig0101.png
図1-1. ローカル

## 設定 ##

名前を設定:

\t$ git config --global user.name "John"

もっと。
`;

const DE_START = `# Erste Schritte #

Einleitung.

## Installation und Konfiguration ##

\t$ git --version
\tgit version 1.7.0

Insert 18333fig0101.png
Bild 1-1. Lokal.

\t$ git config --global user.name "John"
`;

export interface WhereStory {
  book: GitBook;
  c: Record<string, string>;
}

/** en, ja and de from the start; then en changes code, whitespace, prose, and code again. */
export async function whereStory(): Promise<WhereStory> {
  const book = await gitBook();
  const c: Record<string, string> = {};
  c.start = await book.commit('Start', { [EN]: EN_START, [JA]: JA_START, [DE]: DE_START }, '2020-01-01T10:00:00+00:00');
  let en = EN_START.replace('git version 1.7.0', 'git version 2.0.0');
  c.code = await book.commit('New git version', { [EN]: en }, '2020-02-01T10:00:00+00:00');
  en = en.replace('Intro prose.\n', 'Intro   prose. \n');
  c.spaces = await book.commit('Spaces', { [EN]: en }, '2020-03-01T10:00:00+00:00');
  en = en.replace('Set your name:', 'Set your name and email:');
  c.prose = await book.commit('Email too', { [EN]: en }, '2020-04-01T10:00:00+00:00');
  en = en.replace('user.name "John"', 'user.name "John Doe"');
  c.code2 = await book.commit('Full name', { [EN]: en }, '2020-05-01T10:00:00+00:00');
  return { book, c };
}
