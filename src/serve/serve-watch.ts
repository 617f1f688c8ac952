// What makes serve render again: watchers over the book's directories, a debounce so that a save of
// many files renders once, and a loop that runs one rendering at a time.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export interface Debounced {
  /** (Re)starts the quiet time; `run` is called once it passes without another call. */
  trigger(): void;
  cancel(): void;
}

export function debounce(run: () => void, quietMs: number): Debounced {
  let timer: NodeJS.Timeout | undefined;
  return {
    trigger() {
      clearTimeout(timer);
      timer = setTimeout(run, quietMs);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/**
 * Runs `task` one at a time: a request while it runs schedules exactly one more run after it (the
 * changes made meanwhile are all in that one); more requests meanwhile add nothing.
 */
export class SerialRunner {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.task()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.request();
        }
      });
  }

  /** No run starts after this; resolves when the one running (and its follow-up, if already due) is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.again = false;
    await this.running;
  }
}

export interface WatchedBook {
  root: string;
  langDir: string;
  sharedFigures: string | undefined;
  /** A configuration file given explicitly (`--config`), which may lie outside the book. */
  config?: string;
}

type Log = (level: 'warn', message: string) => void;

/** The language's directory, the shared figures, the book's root (not recursively) and a configuration file elsewhere. */
export class BookWatcher {
  private readonly watchers: FSWatcher[] = [];
  private sharedWatched = false;

  constructor(
    private readonly book: WatchedBook,
    private readonly changed: () => void,
    private readonly log: Log,
  ) {
    this.watchDir(book.langDir, true);
    if (book.sharedFigures) {
      this.sharedWatched = true;
      this.watchDir(book.sharedFigures, true);
    }
    // The root not recursively: book.json, a style sheet or a cover beside it, not the other languages' files.
    this.watchDir(book.root, false);
    const { config } = book;
    if (config && dirname(resolve(config)) !== book.root) this.watchDir(dirname(resolve(config)), false, new Set([basename(config)]));
  }

  private watchDir(dir: string, recursive: boolean, names?: Set<string>): void {
    const { root } = this.book;
    try {
      const watcher = watch(dir, { recursive }, (_event, file) => {
        if (names && (file === null || !names.has(basename(file.toString())))) return;
        // A shared figures/ made after the start is watched from then on.
        if (dir === root && file?.toString() === 'figures' && !this.sharedWatched && existsSync(join(root, 'figures'))) {
          this.sharedWatched = true;
          this.watchDir(join(root, 'figures'), true);
        }
        this.changed();
      });
      // A watched directory that disappears is reported, not fatal: the next rendering says what is missing.
      watcher.on('error', (err) => this.log('warn', `${dir}: warning: stopped watching: ${err.message}`));
      this.watchers.push(watcher);
    } catch (err) {
      this.log('warn', `${dir}: warning: cannot watch for changes: ${(err as Error).message}`);
    }
  }

  close(): void {
    for (const w of this.watchers) w.close();
  }
}
