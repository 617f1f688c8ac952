// Reading .github/workflows/ebooks.yml for the tests that check it and run its steps here: the
// jobs and steps, `${{ }}` expressions filled from a context, and run scripts split into commands
// the way bash would for the simple commands the workflow uses.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { REPO_ROOT } from './helpers.js';

export const WORKFLOW_PATH = join(REPO_ROOT, '.github', 'workflows', 'ebooks.yml');

export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string | number>;
  with?: Record<string, string | number | boolean>;
}

export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  'runs-on': string;
  container?: string;
  strategy?: { matrix?: Record<string, unknown> };
  env?: Record<string, string | number>;
  outputs?: Record<string, string>;
  steps: Step[];
}

export interface Workflow {
  name: string;
  on: Record<string, unknown>;
  env?: Record<string, string | number>;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, Job>;
}

export async function loadWorkflow(): Promise<{ text: string; workflow: Workflow; errors: string[] }> {
  const text = await readFile(WORKFLOW_PATH, 'utf8');
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const errors = [...doc.errors, ...doc.warnings].map((e) => e.message);
  return { text, workflow: doc.toJS() as Workflow, errors };
}

export function job(workflow: Workflow, id: string): Job {
  const found = workflow.jobs[id];
  if (!found) throw new Error(`the workflow has no job ${id}`);
  return found;
}

/** The step whose `run` (or `uses`) matches. */
export function step(j: Job, pattern: RegExp): Step {
  const found = j.steps.find((s) => pattern.test(s.run ?? s.uses ?? ''));
  if (!found) throw new Error(`no step matching ${pattern}`);
  return found;
}

/**
 * Replaces `${{ a.b }}` by context['a.b']; an expression the context lacks is an error, so a test
 * cannot pass over a value it did not provide.
 */
export function expand(text: string, context: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    if (!(expr in context)) throw new Error(`no value for \${{ ${expr} }} in ${JSON.stringify(text)}`);
    return context[expr]!;
  });
}

/** The environment bash sees in a step: the workflow's, the job's and the step's `env`, expanded. */
export function stepEnv(workflow: Workflow, j: Job, s: Step, context: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const layer of [workflow.env, j.env, s.env]) {
    for (const [k, v] of Object.entries(layer ?? {})) env[k] = expand(String(v), context);
  }
  return env;
}

/**
 * Splits a run script into simple commands (lines, `&&`, `;`) and each into words: quotes
 * removed, `$VAR`, `${VAR}` and `${VAR#prefix}` filled from `env`. Enough for the workflow's own
 * commands; a construct it does not know (pipes, `$(...)` inside a command line) is left as text.
 */
export function commands(script: string, env: Record<string, string>): string[][] {
  const out: string[][] = [];
  for (const line of script.replace(/\\\n/g, ' ').split('\n')) {
    for (const part of line.split(/&&|;/)) {
      const words = splitWords(part.trim(), env);
      if (words.length) out.push(words);
    }
  }
  return out;
}

function variable(name: string, op: string | undefined, env: Record<string, string>): string {
  const value = env[name] ?? '';
  if (op?.startsWith('#') && value.startsWith(op.slice(1))) return value.slice(op.length - 1);
  return value;
}

function splitWords(text: string, env: Record<string, string>): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
      continue;
    }
    if (c === '$') {
      const m = /^\$(?:\{([A-Za-z_]\w*)(#[^}]*)?\}|([A-Za-z_]\w*))/.exec(text.slice(i));
      if (m) {
        word = (word ?? '') + variable(m[1] ?? m[3]!, m[2], env);
        i += m[0].length - 1;
        continue;
      }
    }
    if (c === '"') {
      quote = quote ? undefined : '"';
      word ??= '';
      continue;
    }
    if (c === "'" && !quote) {
      quote = "'";
      word ??= '';
      continue;
    }
    if (!quote && /\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      continue;
    }
    if (!quote && c === '#' && word === undefined) break;
    word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}
