// execa and the modules it pulls in take long to load (docs/performance.md), longer than reading a language:
// it is loaded the first time a tool runs, not by every command at start-up.
let loading: Promise<typeof import('execa')> | undefined;

export function loadExeca(): Promise<typeof import('execa')> {
  loading ??= import('execa');
  return loading;
}
