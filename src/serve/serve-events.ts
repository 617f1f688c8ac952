// The open pages' Server-Sent Events streams: each is told the version of the page served now when
// it connects and every newer one after, and ends when the server closes.

/** What the registry needs of a response: `ServerResponse` in the server, a fake in tests. */
export interface EventStream {
  write(chunk: string): unknown;
  end(): unknown;
}

/** An SSE event named `version`, which the page's script listens for. */
export function versionEvent(version: string): string {
  return `event: version\ndata: ${version}\n\n`;
}

export class EventClients {
  private readonly streams = new Set<EventStream>();

  /** A page that connects after a rendering it did not see reloads at once. Returns what removes it again. */
  add(stream: EventStream, version: string): () => void {
    // A lost connection is retried after a second: long enough not to spin while the server restarts.
    stream.write('retry: 1000\n\n');
    stream.write(versionEvent(version));
    this.streams.add(stream);
    return () => this.streams.delete(stream);
  }

  broadcast(version: string): void {
    for (const stream of this.streams) stream.write(versionEvent(version));
  }

  /** Ends every stream: a server with an open stream would not close. */
  closeAll(): void {
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }

  get size(): number {
    return this.streams.size;
  }
}
