// The one composition root every face uses — Electron's utility-process host, browser mode and the
// CLI: one engine, its handlers behind the contract's dispatch gate, the uploads that feed them,
// and the engine's one typed event stream, which a face forwards whole.
import type { Reply } from '../../shared/contract';
import { createEngine, type BackendPreference, type Engine, type EngineEvents, type LaunchWorker } from '../engine/index';
import { dispatch } from './dispatch';
import { createHandlers } from './handlers';
import type { Host } from './host';
import { withShellEffects, type ShellEffects } from './shellEffects';
import { Uploads } from './uploads';

export interface EngineHostOptions {
  host: Host;
  launchWorker: LaunchWorker;
  version: string;
  backendPreference?: BackendPreference;
  /** Desktop side effects of successful requests (recent documents, taskbar progress). */
  shellEffects?: ShellEffects;
  /** Where uploads are written while they arrive (default: the system's temporary folder). */
  uploadDir?: string;
}

export interface EngineHost {
  /** The engine itself, for faces that run on the analyst's own files (the CLI). */
  readonly engine: Engine;
  /** Every contract event, from every project and job this host runs. */
  readonly events: EngineEvents;
  readonly uploads: Uploads;
  /** The contract's gate: unknown channels and payloads that do not parse never reach a handler. */
  dispatch(channel: unknown, payload: unknown): Promise<Reply<unknown>>;
  /** Cancels what runs, removes unfinished uploads and releases the open project's lock. */
  dispose(): Promise<void>;
}

export function createEngineHost(options: EngineHostOptions): EngineHost {
  const engine = createEngine({
    launchWorker: options.launchWorker,
    ...(options.backendPreference ? { backendPreference: options.backendPreference } : {}),
  });
  const uploads = new Uploads(options.uploadDir);
  const handlers = createHandlers({ engine, host: options.host, version: options.version, uploads });
  const served = options.shellEffects ? withShellEffects(handlers, options.shellEffects) : handlers;
  return {
    engine,
    events: engine.events,
    uploads,
    dispatch: (channel, payload) => dispatch(served, channel, payload),
    dispose: () => handlers.dispose(),
  };
}
