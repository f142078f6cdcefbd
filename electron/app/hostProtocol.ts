// Messages between Electron's main process and the engine host in its utility process. Main keeps
// what only it can do (dialogs, launching utility processes for training, the window); the host
// asks for those and reports what the shell shows (recent documents, taskbar progress). Both
// sides parse what they receive with these schemas.
import { z } from 'zod';

const dialogKind = z.enum(['openProjectFolder', 'newProjectFolder', 'openDataFile', 'saveFile']);
export type DialogKind = z.infer<typeof dialogKind>;

export const ToHost = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('configure'),
    projectsHome: z.string(),
    stateDir: z.string(),
    version: z.string(),
    backendPreference: z.enum(['auto', 'native', 'wasm', 'cpu']).optional(),
  }),
  // Carries the page's MessagePort in the message's ports.
  z.object({ type: z.literal('connect') }),
  z.object({ type: z.literal('dialog-reply'), id: z.number().int(), path: z.string().nullable() }),
  z.object({ type: z.literal('worker-message'), workerId: z.number().int(), message: z.unknown() }),
  z.object({ type: z.literal('worker-exit'), workerId: z.number().int(), code: z.number().int().nullable() }),
  z.object({ type: z.literal('shutdown') }),
]);
export type ToHost = z.infer<typeof ToHost>;

export const FromHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('dialog'), id: z.number().int(), kind: dialogKind, suggestedName: z.string().optional() }),
  z.object({ type: z.literal('worker-launch'), workerId: z.number().int(), backendPreference: z.enum(['auto', 'native', 'wasm', 'cpu']).optional(), warmFoldHelpers: z.boolean().optional() }),
  z.object({ type: z.literal('worker-send'), workerId: z.number().int(), message: z.unknown() }),
  z.object({ type: z.literal('worker-kill'), workerId: z.number().int() }),
  z.object({ type: z.literal('project-opened'), path: z.string() }),
  z.object({ type: z.literal('run-started'), runId: z.string(), epochs: z.number().int() }),
  z.object({ type: z.literal('run-progress'), runId: z.string(), epoch: z.number().int() }),
  z.object({ type: z.literal('run-finished'), runId: z.string() }),
  z.object({ type: z.literal('shutdown-done') }),
]);
export type FromHost = z.infer<typeof FromHost>;
