// One analyst's session that makes the engine raise every contract event, run through a face's
// real wiring; the faces' tests compare what arrived with the contract's own list, so a face that
// drops an event — or a new event no face forwards — fails.
import { events, type EventName, type LabClient } from '../../../shared/contract';

export const ALL_EVENTS = Object.keys(events) as EventName[];
/** Raised by Electron's native menu only: no other face has one. */
export const DESKTOP_ONLY: EventName[] = ['menu:command'];
/** Raised only when something goes wrong outside the session (tested in tests/unit/app/session.test.ts). */
export const FAILURE_ONLY: EventName[] = ['project:lockLost'];
/** What an analyst's session makes the engine raise. */
export const SESSION_EVENTS: EventName[] = ALL_EVENTS.filter((e) => !FAILURE_ONLY.includes(e));

/** A small regression table: y depends on x1 and x2, x3 is noise. */
export function sampleCsv(rows = 300): string {
  const lines = ['x1,x2,x3,y'];
  for (let i = 0; i < rows; i++) {
    const x1 = ((i * 37) % 101) / 10;
    const x2 = ((i * 53) % 89) / 10;
    const x3 = ((i * 71) % 97) / 10;
    lines.push(`${x1},${x2},${x3},${(2 * x1 - x2 + 0.01 * ((i * 13) % 7)).toFixed(4)}`);
  }
  return lines.join('\n') + '\n';
}

/** Records every event the client receives, by name, with the payloads. */
export function recordEvents(lab: LabClient): Map<EventName, unknown[]> {
  const seen = new Map<EventName, unknown[]>();
  for (const name of ALL_EVENTS) {
    lab.on(name, (payload) => {
      if (!seen.has(name)) seen.set(name, []);
      seen.get(name)!.push(payload);
    });
  }
  return seen;
}

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Create a project, upload and import a file, train a run, sweep λ, predict: every engine event fires. */
export async function analystSession(lab: LabClient, seen: Map<EventName, unknown[]>, projectName: string): Promise<void> {
  await lab.invoke('project:create', { name: projectName });
  const uploadId = await lab.upload(Object.assign(new Blob([sampleCsv()]), { name: 'sales.csv' }));
  const dataset = await lab.invoke('dataset:import', { uploadId });
  const base = { datasetId: dataset.id, target: 'y', features: ['x1', 'x2', 'x3'], model: { kind: 'linear' as const }, epochs: 20 };
  const { runId } = await lab.invoke('run:start', { ...base, regularizer: { kind: 'l1', l1: 0.01 } });
  await until(() => seen.has('training:finished'), 'training:finished');
  await lab.invoke('sweep:start', { base: { ...base, regularizer: { kind: 'none' } }, reg: 'l1', from: 0.001, to: 1, steps: 3 });
  await until(() => seen.has('sweep:finished'), 'sweep:finished');
  const fresh = await lab.upload(Object.assign(new Blob([sampleCsv(20)]), { name: 'next.csv' }));
  await lab.invoke('run:predict', { runId, uploadId: fresh });
  await until(() => seen.has('predict:progress'), 'predict:progress');
}
