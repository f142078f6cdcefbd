// Ctrl+C (SIGINT) and SIGTERM for every CLI command: the first one cancels the work in flight
// (a run or sweep is stopped at the next batch and recorded as cancelled with its partial
// metrics; an import is abandoned and nothing is added), the command still prints its result, and
// the process exits 130 (143 for SIGTERM). A second Ctrl+C quits at once; recovery on the next
// open marks whatever was left running as interrupted.
import { info } from './output';

const controller = new AbortController();
let signalExitCode: number | undefined;

/** Aborted on the first SIGINT/SIGTERM. */
export const interruptSignal: AbortSignal = controller.signal;

/** 130 after Ctrl+C, 143 after SIGTERM, undefined otherwise. */
export function interruptExitCode(): number | undefined {
  return signalExitCode;
}

export function installInterruptHandlers(): void {
  const on = (signal: 'SIGINT' | 'SIGTERM', code: number) => {
    process.on(signal, () => {
      if (controller.signal.aborted) process.exit(signalExitCode ?? code);
      signalExitCode = code;
      info(`Stopping (${signal === 'SIGINT' ? 'press Ctrl+C again' : 'send it again'} to quit at once)…`);
      controller.abort();
    });
  };
  on('SIGINT', 130);
  on('SIGTERM', 143);
}

/** Calls cancel once when interrupted (at once if the interrupt came already). */
export function onInterrupt(cancel: () => void): () => void {
  if (controller.signal.aborted) {
    cancel();
    return () => undefined;
  }
  controller.signal.addEventListener('abort', cancel, { once: true });
  return () => controller.signal.removeEventListener('abort', cancel);
}
