// How the engine talks to a training worker process without knowing which kind it is:
// child_process.fork under plain Node (CLI, browser mode, tests) or Electron's utilityProcess.
// Killing the process is the hard cancel; its exit without a result marks the run failed.
export interface WorkerChannel {
  send(message: unknown): void;
  onMessage(handler: (message: unknown) => void): void;
  onExit(handler: (code: number | null) => void): void;
  kill(): void;
}

export type LaunchWorker = () => WorkerChannel;
