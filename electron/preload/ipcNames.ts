// The one IPC channel name that is not a contract channel: main pushes every contract event on it
// as `{ event, payload }`, and the preload fans it out to the page's subscribers. Shared by the
// preload and main so neither spells it by hand.
export const LAB_EVENT_CHANNEL = 'lab:event';

export interface LabEventMessage {
  event: string;
  payload: unknown;
}
