// Wires one engine and one handler set for a face, forwarding training events to the host.
import { createEngine, type BackendPreference, type Engine } from '../engine/index';
import type { LaunchWorker } from '../engine/train/workerChannel';
import { createHandlers, type LabHandlers } from './handlers';
import type { Host } from './host';

export interface Lab {
  engine: Engine;
  handlers: LabHandlers;
}

export function createLab(options: { host: Host; launchWorker: LaunchWorker; version: string; backendPreference?: BackendPreference }): Lab {
  const { host } = options;
  const engine = createEngine({
    launchWorker: options.launchWorker,
    ...(options.backendPreference ? { backendPreference: options.backendPreference } : {}),
    events: {
      onEpoch: (runId, epoch) => host.emit('training:progress', { runId, epoch }),
      onFinished: (run) => host.emit('training:finished', { run }),
      onPoint: (sweepId, point, done, total) => host.emit('sweep:progress', { sweepId, point, done, total }),
      onSweepFinished: (sweep) => host.emit('sweep:finished', { sweep }),
    },
  });
  return { engine, handlers: createHandlers({ engine, host, version: options.version }) };
}
