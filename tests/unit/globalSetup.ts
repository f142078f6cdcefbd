// Builds out/node/ once per Vitest run: tests that start the CLI or browser mode as a process run
// the built JavaScript, as an installed copy does, and it must not be older than the sources.
import { buildNode } from '../../build/node.mjs';

export default async function setup(): Promise<void> {
  await buildNode();
}
