// The export writers' heavy libraries, loaded on first use. Every face (the CLI, browser mode)
// bundles the whole engine, so a static import of these would load them for every command:
// SheetJS and protobufjs are large, and h5wasm compiles its WebAssembly on import. A CSV import
// or a training run never needs them; only an export, an .xlsx prediction table or a Keras
// file does, and that one command pays for its library. Packages stay external to the build
// (build/node.mjs), so each `import()` resolves from node_modules as installed.

type SheetJs = typeof import('@e965/xlsx');
type H5Wasm = typeof import('h5wasm/node').default;
type Protobuf = typeof import('protobufjs');

/** SheetJS, for writing .xlsx files (reading workbooks happens in workbookWorker). */
export const loadSheetJs = (): Promise<SheetJs> => import('@e965/xlsx');

/** h5wasm, ready to open files (its WebAssembly compiled). */
export async function loadH5wasm(): Promise<H5Wasm> {
  const h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
  return h5wasm;
}

/** protobufjs (CommonJS: its API is the module's default export). */
export async function loadProtobuf(): Promise<Protobuf> {
  return (await import('protobufjs')).default;
}
