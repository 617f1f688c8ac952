/** `serve`'s port when none is given; its own module so the CLI can show it without loading the server. */
export const DEFAULT_SERVE_PORT = 4000;
