/** The bundled CLI's file URL, made or refreshed when needed; undefined: run the sources with tsx. */
export function bundledCli(): Promise<string | undefined>;
