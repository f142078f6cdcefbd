// The one contract between the renderer and the engine, for both transports (Electron IPC and the
// browser-mode WebSocket). Channels are `domain:action`; every payload is parsed with these schemas
// on arrival, and the typed client/handler signatures are derived from them, never hand-typed.
import { z } from 'zod';
import {
  ColumnType,
  DatasetSummary,
  EpochMetrics,
  ItemInfo,
  ItemKind,
  MissingMarkerSettings,
  ProjectSummary,
  Tag,
  TrashEntry,
  UnmappedValue,
  RecentProject,
  RunRecord,
  RunSpec,
  SweepPoint,
  SweepRecord,
  SweepSpec,
  TablePage,
  UserError,
} from './domain';

const empty = z.object({}).strict();
const id = z.string().min(1).max(200);

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  backend: z.object({ name: z.string(), native: z.boolean(), note: z.string().optional() }),
  canUseDialogs: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

// Files picked in the page travel as bytes, never inside JSON: `upload:begin` names the file and
// its size, the transport sends the bytes in bounded binary chunks (see shared/wire.ts) that the
// host writes to disk as they arrive, and requests then refer to the finished upload by its id.
// The renderer never names a path.
const uploadId = z.string().regex(/^u-[\w-]{1,80}$/);
export const MAX_UPLOAD_BYTES = 64 * 1024 ** 3;

// A file the engine wrote for the analyst (predictions, exports), kept in the project; the page
// gets its id and asks `output:save` to save it (a dialog in Electron, a download in browser mode).
export const OutputFile = z.object({ outputId: z.string().regex(/^o-[\w-]{1,80}$/), fileName: z.string() });
export type OutputFile = z.infer<typeof OutputFile>;

/** The formats a run's model can be exported to (see the README's "Exported models" section). */
export const ExportFormat = z.enum(['tfjs', 'keras', 'h5', 'onnx', 'xlsx']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const requests = {
  'app:info': { request: empty, response: AppInfo },
  'project:recent': { request: empty, response: z.array(RecentProject) },
  'project:create': { request: z.object({ name: z.string().trim().min(1).max(120) }).strict(), response: ProjectSummary },
  'project:openDialog': { request: empty, response: ProjectSummary.nullable() },
  // `path` must be one the engine handed out (recent list) or a dialog returned.
  'project:open': { request: z.object({ path: z.string().min(1).max(4096) }).strict(), response: ProjectSummary },
  'project:close': { request: empty, response: z.null() },
  'upload:begin': {
    request: z.object({ fileName: z.string().min(1).max(255), size: z.number().int().min(0).max(MAX_UPLOAD_BYTES) }).strict(),
    response: z.object({ uploadId, chunkBytes: z.number().int().positive() }),
  },
  'upload:cancel': { request: z.object({ uploadId }).strict(), response: z.null() },
  'dataset:import': { request: z.object({ uploadId }).strict(), response: DatasetSummary },
  'dataset:importDialog': { request: empty, response: DatasetSummary.nullable() },
  // Parse the stored source again with settings the analyst chose: a new version that replaces the
  // dataset in the project (see DatasetSummary.lineage/version; runs keep their exact version).
  'dataset:reimport': {
    request: z
      .object({
        datasetId: id,
        options: z
          .object({
            sheet: z.string().max(255).optional(),
            encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
            delimiter: z.enum([',', ';', '\t', '|']).optional(),
            decimal: z.enum(['.', ',']).optional(),
            headerRow: z.number().int().min(0).max(1000).optional(),
            missingMarkers: MissingMarkerSettings.strict().optional(),
          })
          .strict(),
      })
      .strict(),
    response: DatasetSummary,
  },
  'dataset:setColumnType': {
    request: z.object({ datasetId: id, column: z.string().min(1).max(1000), type: ColumnType }).strict(),
    response: DatasetSummary,
  },
  // Stops an import in progress (large files are read as a stream).
  'dataset:cancelImport': { request: empty, response: z.null() },
  'dataset:preview': {
    request: z.object({ datasetId: id, offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) }).strict(),
    response: TablePage,
  },
  'run:start': { request: RunSpec, response: z.object({ runId: z.string() }) },
  'run:cancel': { request: z.object({ runId: id }).strict(), response: z.null() },
  'run:list': { request: empty, response: z.array(RunRecord) },
  'run:metrics': { request: z.object({ runId: id }).strict(), response: z.array(EpochMetrics) },
  // Predictions for an uploaded spreadsheet with a run's saved model, written by the engine to a
  // file in the project; the reply says where (as an output to save) and shows the first rows.
  'run:predict': {
    // fullPrecision: the model's float values instead of the default rounding (README, "Predict").
    request: z.object({ runId: id, uploadId, fullPrecision: z.boolean().optional() }).strict(),
    response: z.object({
      fileName: z.string(),
      output: OutputFile,
      header: z.array(z.string()),
      preview: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
      rows: z.number().int(),
      predicted: z.number().int(),
      skipped: z.array(z.object({ row: z.number().int(), reason: z.string() })),
      // Values the model's preprocessing could not map (e.g. a category it never saw), by column
      // and row; at most 1,000 listed, `unmappedCount` counts them all.
      unmapped: z.array(UnmappedValue).optional(),
      unmappedCount: z.number().int().optional(),
    }),
  },
  'sweep:start': { request: SweepSpec, response: z.object({ sweepId: z.string() }) },
  'sweep:cancel': { request: z.object({ sweepId: id }).strict(), response: z.null() },
  'sweep:list': { request: empty, response: z.array(SweepRecord) },
  // Exports a run's model as one .zip package in the project (TF.js, Keras, ONNX, Excel scoring
  // workbook, preprocessing, model card); no formats means every format that fits the model.
  'run:export': {
    request: z.object({ runId: id, formats: z.array(ExportFormat).min(1).max(5).optional() }).strict(),
    response: z.object({
      output: OutputFile,
      formats: z.array(ExportFormat),
      skipped: z.array(z.object({ format: ExportFormat, reason: z.string() })),
      files: z.array(z.string()),
    }),
  },
  // Saves an output where the analyst wants it: a save dialog in Electron (the chosen path comes
  // back), a one-time download link in browser mode; null when the dialog was cancelled.
  'output:save': {
    request: z.object({ outputId: OutputFile.shape.outputId }).strict(),
    response: z.union([z.object({ savedTo: z.string() }), z.object({ downloadUrl: z.string() })]).nullable(),
  },

  // --- Managing the lab (issue 9). `kind` + `id` name a run, dataset or sweep of the open project;
  // for kind 'project' the id is the open project's path (as in ProjectSummary.path).
  'item:rename': {
    request: z.object({ kind: ItemKind, id, name: z.string().trim().min(1, 'a name cannot be empty').max(200) }).strict(),
    response: ItemInfo,
  },
  // Replaces the note (null or '' clears it) and/or the whole tag list; absent fields stay as they are.
  'item:annotate': {
    request: z
      .object({ kind: ItemKind, id, note: z.string().max(10_000).nullable().optional(), tags: z.array(Tag).max(50).optional() })
      .strict(),
    response: ItemInfo,
  },
  // What a delete would move to the trash, for a confirmation ("this dataset and its 3 runs").
  'item:deletePreview': {
    request: z.object({ kind: ItemKind.exclude(['project']), id, withDependents: z.boolean().default(false) }).strict(),
    response: TrashEntry.shape.items,
  },
  // Soft delete: moves the item (and, for a dataset with withDependents, its runs and sweeps) to
  // the project's trash; undo with item:restore. A run or sweep in flight is refused.
  'item:delete': {
    request: z.object({ kind: ItemKind.exclude(['project']), id, withDependents: z.boolean().default(false) }).strict(),
    response: TrashEntry,
  },
  'item:restore': { request: z.object({ trashId: id }).strict(), response: TrashEntry },
  'trash:list': { request: empty, response: z.array(TrashEntry) },
  // Deletes everything in the trash for good.
  'trash:empty': { request: empty, response: z.null() },
  // Browser mode has no dialogs: the ONE channel where the renderer may send a typed path. It must
  // be an existing folder holding a Regula project.
  'project:openPath': { request: z.object({ path: z.string().trim().min(1).max(4096) }).strict(), response: ProjectSummary },
  // Electron: choose where a new project goes with a save dialog (null when cancelled).
  'project:createDialog': { request: z.object({ name: z.string().trim().min(1).max(120) }).strict(), response: ProjectSummary.nullable() },
  // Re-parse with other missing-value markers: a new version of the dataset that replaces it
  // (like dataset:reimport). Per-column lists override the general one for that column.
  'dataset:setMissingMarkers': {
    request: z.object({ datasetId: id, missingMarkers: MissingMarkerSettings.strict() }).strict(),
    response: DatasetSummary,
  },
  // Trains one run with the sweep's spec at the chosen λ (λ1/λ2 split as the sweep did).
  'sweep:trainAt': { request: z.object({ sweepId: id, lambda: z.number().positive().max(1e6) }).strict(), response: z.object({ runId: z.string() }) },
  // An interrupted (or cancelled, or failed) run continues from its last checkpoint under the same
  // id; runs without one (exact linear solvers) are refused with a message that says Retry.
  'run:resume': { request: z.object({ runId: id }).strict(), response: z.object({ runId: z.string() }) },
  // A new run with the same spec as an earlier one.
  'run:retry': { request: z.object({ runId: id }).strict(), response: z.object({ runId: z.string() }) },
} as const;

export const events = {
  'dataset:importProgress': z.object({ fileName: z.string(), fraction: z.number().min(0).max(1) }),
  'training:progress': z.object({ runId: z.string(), epoch: EpochMetrics }),
  'training:finished': z.object({ run: RunRecord }),
  'sweep:progress': z.object({ sweepId: z.string(), point: SweepPoint, done: z.number().int(), total: z.number().int() }),
  'sweep:finished': z.object({ sweep: SweepRecord }),
  // Another process took over the open project's lock (after this one stalled): nothing more is
  // written by this window, and the analyst is told to reopen the project.
  'project:lockLost': z.object({ message: z.string() }),
  // A native menu item was chosen (Electron only); the page runs the matching flow so its stores
  // stay the single owner of state. Browser mode never emits it.
  'menu:command': z.object({ command: z.enum(['project:new', 'project:open', 'dataset:import']) }),
  // Scoring a file with run:predict: reading it (fraction of its bytes), then predicting and
  // writing (fraction of its rows, with the counts), in order, at most ten times a second.
  'predict:progress': z.object({
    runId: z.string(),
    fileName: z.string(),
    phase: z.enum(['reading', 'predicting']),
    fraction: z.number().min(0).max(1),
    rowsDone: z.number().int().min(0).optional(),
    rows: z.number().int().min(0).optional(),
  }),
} as const;

export type RequestChannel = keyof typeof requests;
export type EventName = keyof typeof events;
export type RequestOf<C extends RequestChannel> = z.input<(typeof requests)[C]['request']>;
export type ParsedRequestOf<C extends RequestChannel> = z.output<(typeof requests)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requests)[C]['response']>;
export type EventOf<E extends EventName> = z.output<(typeof events)[E]>;

/** Replies carry errors as values: Electron's handle() would keep only an exception's message. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: UserError };

export const ReplyEnvelope = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: UserError }),
]);

export interface UploadOptions {
  /** Fraction of the file's bytes the host has written, 0…1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** What the renderer holds: the same shape over the MessagePort and over the WebSocket. */
export interface LabClient {
  invoke<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, handler: (payload: EventOf<E>) => void): () => void;
  /** Sends a file's bytes to the host in chunks; resolves with the id requests refer to. */
  upload(file: Blob & { name?: string }, options?: UploadOptions): Promise<string>;
}

/** What a face implements over the engine: one async function per channel. */
export type Handlers = { [C in RequestChannel]: (payload: ParsedRequestOf<C>) => Promise<ResponseOf<C>> };

export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** Raised in the renderer when a reply carries an error; keeps the structured fields. */
export class LabError extends Error {
  constructor(readonly detail: UserError) {
    super(detail.message);
    this.name = 'LabError';
  }
}

/** The `window.lab` surface the Electron preload exposes (and nothing more). */
export interface PreloadBridge {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(event: string, handler: (payload: unknown) => void): () => void;
  /** One chunk of an upload, moved (not copied) to the host; resolves with the host's ack. */
  sendChunk(uploadId: string, offset: number, bytes: ArrayBuffer): Promise<unknown>;
}
