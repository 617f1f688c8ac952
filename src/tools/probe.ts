// What every tool's readiness probe (for `doctor`) shares: the shape of its answer and how a tool
// is asked for its version. Each probe lives beside its tool's module, with what it knows about
// finding and running that tool.
import { runTool } from './run-tool.js';

export type CheckStatus = 'ok' | 'warning' | 'error';

export interface ToolCheck {
  /** `node`, `calibre`, `java`, `epubcheck`, `ace`, `fonts`, `dia`, `output`. */
  name: string;
  status: CheckStatus;
  /** Whether the requested formats cannot be built without it (a missing required check is an error). */
  required: boolean;
  /** What was found (path, version) or what is wrong. */
  detail: string;
  /** One line: what to do. Absent when there is nothing to do. */
  fix?: string;
  path?: string;
  version?: string;
}

export const APT = 'sudo apt-get install';
const VERSION_TIMEOUT_MS = 60_000;

/** A tool that is missing or broken fails the report only when the requested formats need it. */
export function absentStatus(required: boolean): CheckStatus {
  return required ? 'error' : 'warning';
}

/** Runs `file ...args` and returns its output, or why it did not run. */
export async function versionOutput(
  file: string,
  args: string[],
  env: Record<string, string> = { QT_QPA_PLATFORM: 'offscreen' },
): Promise<{ output: string; failure?: string }> {
  const run = await runTool(file, args, { timeoutMs: VERSION_TIMEOUT_MS, env });
  if (run.startError) return { output: run.output, failure: `could not be started: ${run.startError}` };
  if (run.timedOut) return { output: run.output, failure: `did not answer within ${VERSION_TIMEOUT_MS / 1000} s` };
  if (run.signal) return { output: run.output, failure: `was killed by ${run.signal}` };
  if (run.exitCode !== 0)
    return { output: run.output, failure: `exited with code ${run.exitCode}${run.output.trim() ? `: ${run.output.trim().split('\n').slice(-1)[0]}` : ''}` };
  return { output: run.output };
}
