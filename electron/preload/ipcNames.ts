// The IPC names that are not contract channels, shared by the preload and main so neither spells
// them by hand: the page asks for its engine port, main answers with a MessagePort on
// LAB_PORT_CHANNEL, and pushes native-menu commands as `{ event, payload }` on LAB_EVENT_CHANNEL.
export const LAB_CONNECT_CHANNEL = 'lab:connect';
export const LAB_PORT_CHANNEL = 'lab:port';
export const LAB_EVENT_CHANNEL = 'lab:event';

export interface LabEventMessage {
  event: string;
  payload: unknown;
}
