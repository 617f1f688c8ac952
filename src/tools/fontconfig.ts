// Asking fontconfig which font families are installed, to warn before Chromium silently falls
// back to a font without the book's script.
import { loadExeca } from '../util/load-execa.js';
import { whichSync } from './calibre.js';
import { APT, type ToolCheck } from './probe.js';

let cached: Promise<Set<string> | undefined> | undefined;

/**
 * Every installed family name (lower case, aliases included), from `fc-list : family`;
 * undefined when fc-list is not there (macOS without fontconfig, ...) and nothing can be said.
 * Asked once per process.
 */
function installedFontFamilies(): Promise<Set<string> | undefined> {
  cached ??= (async () => {
    const fcList = whichSync('fc-list');
    if (!fcList) return undefined;
    const { execa } = await loadExeca();
    const result = await execa(fcList, [':', 'family'], { reject: false, timeout: 30_000 });
    if (result.exitCode !== 0) return undefined;
    // One line per face; a face with several names lists them comma-separated ("Noto Sans Mono CJK SC,Noto Sans Mono CJK SC Bold"),
    // and fontconfig escapes '-', ',' and ':' in names with a backslash.
    const names = result.stdout
      .split('\n')
      .flatMap((line) => line.split(/(?<!\\),/))
      .map((f) => f.replace(/\\(.)/g, '$1').trim().toLowerCase());
    return new Set(names.filter(Boolean));
  })();
  return cached;
}

/** The families of `wanted` that fontconfig does not know; empty when all are there or fc-list is missing. */
export async function missingFontFamilies(wanted: readonly string[]): Promise<string[]> {
  const installed = await installedFontFamilies();
  if (!installed) return [];
  return [...new Set(wanted)].filter((f) => !installed.has(f.toLowerCase()));
}

/** doctor's check that the font families PDF output uses (`families`, for `scope`) are installed; `packages` install them. */
export async function probeFonts(required: boolean, families: string[], scope: string, packages: readonly string[]): Promise<ToolCheck> {
  const name = 'fonts';
  if (!whichSync('fc-list')) {
    return { name, status: 'warning', required, detail: `cannot tell which fonts are installed: fc-list not found`, fix: `${APT} fontconfig` };
  }
  const missing = await missingFontFamilies(families);
  if (missing.length === 0) return { name, status: 'ok', required, detail: `the ${families.length} font families PDF uses ${scope} are installed` };
  return {
    name,
    status: required ? 'error' : 'warning',
    required,
    detail: `${missing.length} of the ${families.length} families PDF uses ${scope} not installed: ${missing.join(', ')}${required ? '' : ' (only PDF needs them)'}; Chromium would fall back to fonts that may draw boxes`,
    fix: `${APT} ${packages.join(' ')} (or npm run setup)`,
  };
}
