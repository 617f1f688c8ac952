// A small Chinese book read and rendered to EPUB in-process, for the EPUB writer's tests (also
// loaded by a child process of those tests, in another time zone).
import { languageMetadata } from '../src/config/metadata.js';
import { discoverBook, languageFiguresDir } from '../src/layout/discover.js';
import { readLanguage } from '../src/markdown/document.js';
import type { LanguageDocument } from '../src/model/document.js';
import type { Diagnostic } from '../src/util/diagnostics.js';
import { epubWriter } from '../src/writers/epub.js';
import { makeBook, TINY_PNG } from './helpers.js';

const CHAPTER = [
  '# 起步 "A" & B',
  '',
  "中文段落 русский ελληνικά it's “quoted”",
  '',
  '3. three',
  '4. four',
  '',
  '<img src="../../figures/raw.png" width="10" height="20" alt="">',
  '',
  'Insert 18333fig0101.png',
  '图 1-1. 本地',
  '',
  '## Sub',
  '',
  'See [sub](#sub) and [later](#later).',
].join('\n');

export async function readBook(): Promise<string> {
  return makeBook({
    'zh/01-a/01.markdown': CHAPTER,
    'zh/02-b/01.markdown': '# 第二章\n\n## Later\n\n文本\n',
    'figures/18333fig0101-tn.png': TINY_PNG,
    'figures/raw.png': TINY_PNG,
  });
}

export async function readDoc(root: string, date?: string): Promise<LanguageDocument> {
  const layout = await discoverBook(root);
  const source = layout.languages.find((l) => l.code === 'zh')!;
  const dirs = { language: await languageFiguresDir(source), shared: layout.sharedFigures };
  const doc = await readLanguage(source, dirs, root, (first) => languageMetadata(layout, { config: {}, source: 'defaults', warnings: [] }, 'zh', first));
  if (date) doc.meta = { ...doc.meta, date };
  return doc;
}

export async function render(doc: LanguageDocument, warnings: Diagnostic[] = []): Promise<Buffer> {
  const bytes = await epubWriter.render({
    doc,
    tools: {},
    artifact: () => Promise.reject(new Error('not needed')),
    warn: (d) => warnings.push({ severity: 'warning', ...d }),
  });
  return Buffer.from(bytes);
}
