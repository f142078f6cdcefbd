// Reads a picked or dropped file as base64 for `dataset:import`; the renderer never sees its path.
// Encoded in slices whose length is a multiple of 3, so each slice's base64 joins without padding
// and no single giant binary string is built for a large workbook.
const SLICE_BYTES = 3 * 64 * 1024;

export async function readFileAsBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += SLICE_BYTES) {
    const slice = bytes.subarray(start, start + SLICE_BYTES);
    let binary = '';
    for (let i = 0; i < slice.length; i += 0x8000) {
      binary += String.fromCharCode(...slice.subarray(i, i + 0x8000));
    }
    parts.push(btoa(binary));
  }
  return parts.join('');
}
