// How the engine talks to a training worker process without knowing which kind it is:
// child_process.fork under plain Node (CLI, browser mode, tests) or Electron's utilityProcess.
// Killing the process is the hard cancel; its exit without a result marks the run failed.
import type { BackendPreference } from './backend';

export interface WorkerChannel {
  send(message: unknown): void;
  onMessage(handler: (message: unknown) => void): void;
  onExit(handler: (code: number | null) => void): void;
  kill(): void;
  /**
   * Optional: let this process exit while the worker lives (a warm worker waiting for a run must
   * not keep the CLI or the server alive), and take that back once it has a job.
   */
  unref?(): void;
  ref?(): void;
}

/** What a worker is told at launch, before any job: the backend to load while it waits. */
export interface WorkerLaunchOptions {
  backendPreference?: BackendPreference;
  /**
   * Boot the cross-validation fold helpers after the warm-up, while it waits (foldHelperPool.ts):
   * for workers that may get a cross-validated sweep (the app's, `regula sweep --folds`). Not for
   * `regula train`: the helpers' start competed with the import for the cores.
   */
  warmFoldHelpers?: boolean;
}

/** The worker's command-line arguments for these options. */
export function workerArguments(options: WorkerLaunchOptions): string[] {
  return [...(options.backendPreference ? [`--backend=${options.backendPreference}`] : []), ...(options.warmFoldHelpers ? [WARM_FOLDS_FLAG] : [])];
}

export const WARM_FOLDS_FLAG = '--warm-folds';

export type LaunchWorker = (options?: WorkerLaunchOptions) => WorkerChannel;
