// SIGINT (Ctrl-C) and SIGTERM (docker stop, a CI job cancelled) become an aborted AbortSignal, so
// the build ends its tools and removes its temporary files instead of dying mid-write.
// The exit status is the shell's 128 + signal number.
// When the process must end now (a second signal, a clean-up past its limit) it does not call
// process.exit(): that waits for the thread pool, and a thread blocked in open() on a FIFO never
// returns. It takes the signal's default action instead, which the kernel carries out at once.

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof EXIT_CODES;

/** If cleaning up itself hangs (a tool stuck in the kernel), the process still ends. */
const CLEANUP_LIMIT_MS = 30_000;

export interface Interruption {
  /** Aborted with the signal's name as the reason. */
  signal: AbortSignal;
  /** 130 or 143 once a signal came. */
  exitCode(): number | undefined;
  /** Restores the default handling (the process dies on the signal). */
  dispose(): void;
}

export function exitCodeFor(reason: unknown): number | undefined {
  return typeof reason === 'string' && reason in EXIT_CODES ? EXIT_CODES[reason as HandledSignal] : undefined;
}

export function interruptOnSignals(stderr: (text: string) => void): Interruption {
  const controller = new AbortController();
  let received: HandledSignal | undefined;
  const onSignal = (name: HandledSignal) => {
    if (received) {
      // A second Ctrl-C: the user does not want to wait for the clean-up.
      stderr(`progit-ebook: ${name} again: exiting without cleaning up\n`);
      dieOf(name);
      return;
    }
    received = name;
    controller.abort(name);
    // unref: this timer alone does not keep a finished process alive.
    setTimeout(() => dieOf(name), CLEANUP_LIMIT_MS).unref();
  };
  const handlers = (Object.keys(EXIT_CODES) as HandledSignal[]).map((name) => [name, () => onSignal(name)] as const);
  const dispose = () => {
    for (const [name, handler] of handlers) process.off(name, handler);
  };
  const dieOf = (name: HandledSignal) => {
    dispose();
    process.kill(process.pid, name);
  };
  for (const [name, handler] of handlers) process.on(name, handler);
  return {
    signal: controller.signal,
    exitCode: () => (received ? EXIT_CODES[received] : undefined),
    dispose,
  };
}
