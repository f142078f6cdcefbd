// Backend choice: native tfjs-node when it is installed and loads, else TensorFlow.js on
// WebAssembly, else the plain JS CPU backend. The choice is always reported, never silent.
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';

export type BackendPreference = 'auto' | 'native' | 'wasm' | 'cpu';

export interface BackendInfo {
  name: string; // 'tensorflow' (native) | 'wasm' | 'cpu'
  native: boolean;
  note?: string;
}

export interface LoadedBackend {
  tf: typeof tfTypes;
  info: BackendInfo;
}

// Not named `require`: the Electron build injects its own `require` shim into ESM chunks.
const requireHere = createRequire(import.meta.url);

export function backendPreferenceFromEnv(): BackendPreference {
  const value = process.env.REGULA_BACKEND;
  return value === 'native' || value === 'wasm' || value === 'cpu' ? value : 'auto';
}

export async function loadBackend(preference: BackendPreference = backendPreferenceFromEnv()): Promise<LoadedBackend> {
  let nativeFailure = '';
  if (preference === 'auto' || preference === 'native') {
    try {
      const tfNode = (await import('@tensorflow/tfjs-node' as string)) as typeof tfTypes;
      await tfNode.ready();
      return { tf: tfNode, info: { name: tfNode.getBackend(), native: true } };
    } catch (err) {
      nativeFailure = describeNativeFailure(err);
      if (preference === 'native') throw new Error(`The native backend was requested but ${nativeFailure}.`);
    }
  }
  const tf = await import('@tensorflow/tfjs');
  if (preference !== 'cpu') {
    try {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const dist = path.join(path.dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
      wasm.setWasmPaths(dist);
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return { tf, info: { name: 'wasm', native: false, note: fallbackNote(preference, nativeFailure, 'WebAssembly') } };
      }
    } catch (err) {
      nativeFailure += `; WebAssembly failed too (${(err as Error).message})`;
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { tf, info: { name: 'cpu', native: false, note: fallbackNote(preference, nativeFailure, 'the plain JavaScript CPU backend') } };
}

function fallbackNote(preference: BackendPreference, nativeFailure: string, used: string): string {
  if (preference === 'wasm' || preference === 'cpu') return `Using ${used} as requested (REGULA_BACKEND=${preference}).`;
  return `Native TensorFlow (tfjs-node) is not available: ${nativeFailure}. Using ${used}; training is slower but gives the same models.`;
}

function describeNativeFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/Cannot find (module|package)/.test(message)) return '@tensorflow/tfjs-node is not installed';
  return `@tensorflow/tfjs-node did not load (${message.split('\n')[0]})`;
}
