// The tfjs instance the training tests use: the wasm backend, which runs in plain Node here
// (tfjs-node's native library cannot be downloaded on this machine).
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';

let ready: Promise<typeof tf> | null = null;

export function wasmTf(): Promise<typeof tf> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(dist + path.sep);
    await tf.setBackend('wasm');
    await tf.ready();
    return tf;
  })();
  return ready;
}
