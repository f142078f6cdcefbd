// A fold helper process: receives one sweep's cross-validation problem once, then computes the
// folds it is handed, one at a time, with the same code the sweep's own process uses
// (linearFoldErrors), so a fold's numbers do not depend on where it ran. No tfjs, no project
// access: rows in, held-out errors out. Exits with its parent.
import { ToFoldHelper, type FromFoldHelper } from './foldProtocol';
import { warmUpFolds } from './foldWarmUp';
import { linearFoldErrors, type CvProblem } from './linearPath';

let cv: CvProblem | null = null;

function reply(message: FromFoldHelper): void {
  // The sweep's process may be gone by now (a helper booted for a worker that already finished):
  // then there is no one to tell, and the disconnect handler ends this process.
  if (process.connected) process.send?.(message, undefined, {}, () => {});
}

process.on('message', (raw: unknown) => {
  const parsed = ToFoldHelper.safeParse(raw);
  if (!parsed.success) process.exit(2);
  const message = parsed.data;
  if (message.type === 'setup') {
    cv = message.cv;
    return;
  }
  const problem = cv;
  if (!problem) process.exit(2);
  linearFoldErrors(problem, message.fold, () => false).then(
    (errors) => reply(errors ? { type: 'fold-errors', fold: message.fold, errors } : { type: 'fold-failed', fold: message.fold, message: 'stopped' }),
    (err: unknown) => reply({ type: 'fold-failed', fold: message.fold, message: err instanceof Error ? err.message : String(err) }),
  );
});
// The sweep kills its helpers when done or cancelled; a sweep process that died takes them along.
process.on('disconnect', () => process.exit(0));
// Compiled code for the first real fold; messages that come meanwhile wait their turn.
void warmUpFolds().then(
  () => reply({ type: 'ready' }),
  () => reply({ type: 'ready' }),
);
