// Electron: the preload exposes `window.lab`; replies are already envelopes, so this is a thin shim.
import type { PreloadBridge } from '../../../shared/contract';
import type { Transport } from '../../../shared/client';

export function createPreloadTransport(bridge: PreloadBridge): Transport {
  return {
    request: (channel, payload) => bridge.invoke(channel, payload),
    subscribe: (event, handler) => bridge.on(event, handler),
    sendChunk: (uploadId, offset, bytes) => bridge.sendChunk(uploadId, offset, bytes),
  };
}
