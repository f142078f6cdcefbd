// Types for build/node.mjs, for the tests and benchmarks that build out/node/ before using it.
export declare const outDir: string;
/** Builds the CLI, browser mode and the workers into out/node/; returns the files written. */
export declare function buildNode(): Promise<string[]>;
