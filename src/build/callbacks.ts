// The caller's `log` and `progress` run inside the build's stages: one that throws must not reject
// a stage half-way (a language's conversions went on running after build() had rejected). Its first
// error is kept, the callback is not called again, the build finishes, and build() then rejects
// with that error, which comes from the caller's code, not from the book.
import type { BuildOptions } from './build-types.js';

export interface GuardedCallbacks {
  log?: BuildOptions['log'];
  progress?: BuildOptions['progress'];
  /** The first error a callback threw, as build() rejects with it; undefined when none did. */
  failure(): Error | undefined;
}

export function guardCallbacks(options: BuildOptions): GuardedCallbacks {
  let failure: Error | undefined;
  const guard = <A extends unknown[]>(name: string, fn: ((...args: A) => void) | undefined) =>
    fn &&
    ((...args: A) => {
      if (failure) return;
      try {
        fn(...args);
      } catch (err) {
        failure = new Error(`the ${name} callback given to build() threw: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    });
  return { log: guard('log', options.log), progress: guard('progress', options.progress), failure: () => failure };
}
