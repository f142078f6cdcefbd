// A small HDF5 writer over h5wasm (HDF5 compiled to WebAssembly, so no native build). It hides two
// h5wasm habits: groups are created one path component at a time (h5wasm does not create missing
// parents, and only prints HDF5's error instead of throwing), and the file is always closed, so a
// failed export never leaves HDF5 holding a half-written file.
import { constants } from 'node:fs';
import { access, statfs } from 'node:fs/promises';
import nodePath from 'node:path';
import type h5wasmTypes from 'h5wasm/node';
import { writeError } from '../store/atomicFile';
import { RegulaError } from '../errors';
import { loadH5wasm } from './lazyLibraries';

type H5Group = ReturnType<InstanceType<typeof h5wasmTypes.File>['create_group']>;

export interface H5Builder {
  /** Creates the group at path and every missing parent; returns it. */
  group(path: string): H5Builder;
  stringAttr(name: string, value: string): void;
  stringListAttr(name: string, values: string[]): void;
  float32(name: string, shape: number[], values: Float32Array): void;
}

/** HDF5's own headers and B-trees beyond the data, allowed for when a failed write is explained. */
const H5_OVERHEAD_BYTES = 64 * 1024;

export async function writeH5File(file: string, build: (root: H5Builder) => void): Promise<void> {
  const h5wasm = await loadH5wasm();
  const written = { bytes: 0 };
  try {
    const handle = new h5wasm.File(file, 'w');
    try {
      build(builder(handle as unknown as H5Group, '', written));
    } finally {
      handle.close();
    }
  } catch (err) {
    throw await explainFailedWrite(err, file, written.bytes + H5_OVERHEAD_BYTES);
  }
}

/**
 * HDF5 (in WebAssembly) reports a full disk or a read-only folder as "name not defined!" with no
 * error code; the folder itself says which it was, so the analyst gets the store's usual message.
 */
async function explainFailedWrite(err: unknown, file: string, bytesNeeded: number): Promise<unknown> {
  if (err instanceof RegulaError) return err;
  const dir = nodePath.dirname(file);
  const space = await statfs(dir).catch(() => undefined); // no answer: keep HDF5's own error
  if (space && space.bavail * space.bsize < bytesNeeded) return writeError(Object.assign(new Error('disk full'), { code: 'ENOSPC' }), file, bytesNeeded);
  const denied = await access(dir, constants.W_OK).then(
    () => undefined,
    (e: NodeJS.ErrnoException) => e, // EROFS / EACCES: the reason the write failed
  );
  return denied ? writeError(denied, file, bytesNeeded) : err;
}

function builder(node: H5Group, path: string, written: { bytes: number }): H5Builder {
  return {
    group(sub) {
      let current = node;
      let currentPath = path;
      for (const part of sub.split('/').filter(Boolean)) {
        currentPath = `${currentPath}/${part}`;
        const existing = current.keys().includes(part) ? (current.get(part) as H5Group | null) : null;
        const next = existing ?? current.create_group(part);
        if (!next) throw new RegulaError('export-failed', `Could not create HDF5 group ${currentPath}.`);
        current = next;
      }
      return builder(current, currentPath, written);
    },
    stringAttr(name, value) {
      node.create_attribute(name, value);
    },
    stringListAttr(name, values) {
      // An empty list still gets a (zero-length) string attribute, as h5py writes for Keras.
      if (values.length === 0) node.create_attribute(name, [], [0], '|S1');
      else node.create_attribute(name, values);
    },
    float32(name, shape, values) {
      const count = shape.reduce((a, b) => a * b, 1);
      if (count !== values.length) throw new RegulaError('export-failed', `HDF5 dataset ${path}/${name}: ${values.length} values for shape [${shape.join(', ')}].`);
      written.bytes += values.byteLength;
      node.create_dataset({ name, data: values, shape, dtype: '<f' });
    },
  };
}
