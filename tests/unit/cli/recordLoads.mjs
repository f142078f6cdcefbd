// Preloaded (NODE_OPTIONS=--import=…) into every process of a command under test, workers
// included: appends each module URL that an import resolves to the file named by
// REGULA_LOAD_LOG, one a line, so a test can see which packages a command loaded.
import { register } from 'node:module';

const hook = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (process.env.REGULA_LOAD_LOG) appendFileSync(process.env.REGULA_LOAD_LOG, resolved.url + '\\n');
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
