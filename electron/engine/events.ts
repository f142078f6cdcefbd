// The engine's one event stream, typed by the contract's `events`. The engine emits every event
// itself (runs, sweeps, imports), so a face forwards the stream as a whole and cannot forget one:
// there is no per-event callback a face could leave out.
import type { EventName, EventOf } from '../../shared/contract';

export type AnyEventHandler = <E extends EventName>(event: E, payload: EventOf<E>) => void;

export interface EngineEvents {
  emit<E extends EventName>(event: E, payload: EventOf<E>): void;
  /** One event kind; returns the unsubscribe function. */
  on<E extends EventName>(event: E, handler: (payload: EventOf<E>) => void): () => void;
  /** Every event, in order: what a face uses to forward the whole stream to its page. */
  onAny(handler: AnyEventHandler): () => void;
}

export function createEngineEvents(): EngineEvents {
  const any = new Set<AnyEventHandler>();
  const byName = new Map<EventName, Set<(payload: never) => void>>();
  return {
    emit(event, payload) {
      for (const handler of [...any]) safely(() => handler(event, payload), event);
      for (const handler of [...(byName.get(event) ?? [])]) safely(() => (handler as (p: typeof payload) => void)(payload), event);
    },
    on(event, handler) {
      let set = byName.get(event);
      if (!set) byName.set(event, (set = new Set()));
      set.add(handler as (payload: never) => void);
      return () => set.delete(handler as (payload: never) => void);
    },
    onAny(handler) {
      any.add(handler);
      return () => any.delete(handler);
    },
  };
}

// A listener that throws (a closed socket, a bug in one face) must not stop the engine's work or
// starve the other listeners; it is reported, not swallowed.
function safely(call: () => void, event: EventName): void {
  try {
    call();
  } catch (err) {
    console.error(`Regula: a listener for ${event} failed:`, err);
  }
}
