// A LabClient for store tests: each channel answers from a handler the test gives, every call is
// recorded, and events are emitted by the test. Errors are LabErrors, as the real client raises them.
import {
  LabError,
  type EventName,
  type EventOf,
  type LabClient,
  type RequestChannel,
  type RequestOf,
  type ResponseOf,
} from '../../../shared/contract';
import type { DatasetSummary, RunRecord } from '../../../shared/domain';

export type FakeHandlers = { [C in RequestChannel]?: (payload: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>> };

export interface FakeLab extends LabClient {
  calls: { channel: RequestChannel; payload: unknown }[];
  /** Files sent with upload(), by the id it returned. */
  uploads: Map<string, { name: string; text: string }>;
  emit<E extends EventName>(event: E, payload: EventOf<E>): void;
  listeners(event: EventName): number;
}

// Opening a project lists its runs and sweeps; a test that does not care gets empty lists.
const EMPTY_LISTS: FakeHandlers = { 'run:list': () => [], 'sweep:list': () => [] };

export function createFakeLab(given: FakeHandlers): FakeLab {
  const handlers: FakeHandlers = { ...EMPTY_LISTS, ...given };
  const calls: FakeLab['calls'] = [];
  const uploads: FakeLab['uploads'] = new Map();
  const subs = new Map<EventName, Set<(payload: never) => void>>();
  return {
    calls,
    uploads,
    async upload(file, options) {
      const uploadId = `u-${uploads.size + 1}`;
      const text = await file.text();
      // As the real client: a stop asked for while the bytes travel ends the upload, nothing sent.
      if (options?.signal?.aborted) throw new LabError({ code: 'cancelled', message: `Sending ${file.name} was cancelled.` });
      uploads.set(uploadId, { name: file.name ?? 'upload', text });
      options?.onProgress?.(1);
      return uploadId;
    },
    async invoke<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
      calls.push({ channel, payload });
      const handler = handlers[channel] as ((p: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>) | undefined;
      if (!handler) throw new LabError({ code: 'unknown-channel', message: `The fake has no handler for ${channel}` });
      return handler(payload);
    },
    on<E extends EventName>(event: E, handler: (payload: EventOf<E>) => void): () => void {
      let set = subs.get(event);
      if (!set) subs.set(event, (set = new Set()));
      set.add(handler as (payload: never) => void);
      return () => set.delete(handler as (payload: never) => void);
    },
    emit<E extends EventName>(event: E, payload: EventOf<E>): void {
      for (const handler of subs.get(event) ?? []) (handler as (p: EventOf<E>) => void)(payload);
    },
    listeners: (event) => subs.get(event)?.size ?? 0,
  };
}

export function fail(message: string, place: { file?: string; row?: number; column?: string } = {}): never {
  throw new LabError({ code: 'test-error', message, ...place });
}

export function dataset(overrides: Partial<DatasetSummary> = {}): DatasetSummary {
  return {
    id: 'ds-1',
    name: 'houses',
    sourceFile: 'houses.csv',
    importedAt: '2026-11-26T08:00:00.000Z',
    rows: 3,
    columns: [
      { name: 'id', type: 'id', missing: 0, unique: 3, excludedByDefault: true },
      { name: 'area', type: 'number', missing: 0, unique: 3 },
      { name: 'rooms', type: 'integer', missing: 1, unique: 2 },
      { name: 'note', type: 'text', missing: 0, unique: 3, excludedByDefault: true },
      { name: 'price', type: 'number', missing: 0, unique: 3 },
    ],
    detected: { format: 'csv', encoding: 'utf-8', delimiter: ';', decimal: ',', headerRow: 1 },
    warnings: [],
    ...overrides,
  };
}

export function runRecord(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    schemaVersion: 1,
    id: 'run-1',
    name: 'Run 1',
    createdAt: '2026-11-26T08:10:00.000Z',
    status: 'completed',
    spec: {
      datasetId: 'ds-1',
      target: 'price',
      features: ['area', 'rooms'],
      task: 'auto',
      model: { kind: 'linear' },
      regularizer: { kind: 'l1', l1: 0.1 },
      optimizer: { kind: 'adam', learningRate: 0.01, momentum: 0 },
      epochs: 10,
      batchSize: 32,
      valSplit: 0.2,
      testSplit: 0,
      seed: 42,
      proximalL1: true,
      earlyStoppingPatience: 0,
      solver: 'auto',
      preprocessing: { missing: 'drop-rows', fillValue: 0, perFeature: {}, maxCategories: 20 },
    },
    backend: 'wasm',
    epochsRun: 10,
    ...overrides,
  };
}
