// Preloaded (NODE_OPTIONS=--import=…) into every process of a command under test, workers
// included: any import of tsx fails, so a passing command proves the built programs run on plain
// Node with no TypeScript compiled at run time.
import { register } from 'node:module';

const hook = `
export async function resolve(specifier, context, next) {
  if (/^tsx(\\/|$)/.test(specifier) || /node_modules\\/tsx\\//.test(specifier)) throw new Error('tsx was loaded: ' + specifier);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
