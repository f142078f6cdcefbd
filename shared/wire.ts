// The messages a page and the engine host exchange, the same over Electron's MessagePort and the
// browser-mode WebSocket: requests and replies (JSON), contract events, and upload chunks (bytes).
// Both ends parse what arrives with these schemas; a malformed message gets an error reply.
import { z } from 'zod';
import { UserError } from './domain';

export const RequestMessage = z.object({
  type: z.literal('request'),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(100),
  payload: z.unknown(),
});
export type RequestMessage = z.infer<typeof RequestMessage>;

export interface ChunkMessage {
  type: 'chunk';
  uploadId: string;
  offset: number;
  bytes: Uint8Array;
}

export const ChunkHeader = z.object({
  uploadId: z.string().max(100),
  offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

/** The host's answer to one chunk: the bytes written so far, or why the upload stopped. */
export const ChunkAck = z.object({
  type: z.literal('chunk-ack'),
  uploadId: z.string(),
  received: z.number().int().optional(),
  error: UserError.optional(),
});
export type ChunkAck = z.infer<typeof ChunkAck>;

export type HostMessage =
  | { type: 'reply'; id: number; reply: unknown }
  | { type: 'event'; event: string; payload: unknown }
  | ChunkAck
  /** A message the host could not read and could not answer by id. */
  | { type: 'refused'; error: UserError };

/** Chunks are at most this big, so no message holds a file whole; control messages are tiny. */
export const CHUNK_BYTES = 1024 * 1024;

// A chunk over the WebSocket is one binary frame: "RGC1", a uint32 (little-endian) header length,
// the header as UTF-8 JSON ({ uploadId, offset }), then the bytes.
const MAGIC = [0x52, 0x47, 0x43, 0x31];

export function encodeChunkFrame(uploadId: string, offset: number, bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const header = new TextEncoder().encode(JSON.stringify({ uploadId, offset }));
  const frame = new Uint8Array(8 + header.length + bytes.length);
  frame.set(MAGIC, 0);
  new DataView(frame.buffer).setUint32(4, header.length, true);
  frame.set(header, 8);
  frame.set(bytes, 8 + header.length);
  return frame;
}

/** The chunk a binary frame carries, or null if the frame is not one. */
export function decodeChunkFrame(frame: Uint8Array): ChunkMessage | null {
  if (frame.length < 8 || MAGIC.some((b, i) => frame[i] !== b)) return null;
  const headerLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(4, true);
  if (headerLength > 1024 || 8 + headerLength > frame.length) return null;
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(frame.subarray(8, 8 + headerLength)));
  } catch {
    return null;
  }
  const parsed = ChunkHeader.safeParse(header);
  if (!parsed.success) return null;
  return { type: 'chunk', uploadId: parsed.data.uploadId, offset: parsed.data.offset, bytes: frame.subarray(8 + headerLength) };
}

// Browser mode proves its session token in the WebSocket handshake itself, as a subprotocol
// offered beside ours, so the server reads no message at all from a process that lacks it. The
// server answers with LAB_PROTOCOL only, never echoing the token.
export const LAB_PROTOCOL = 'regula.lab.v1';
const TOKEN_PROTOCOL_PREFIX = 'regula.token.';
/** What a token may hold to travel as a subprotocol (an HTTP token: base64url fits). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_~.-]{1,200}$/;

/** The subprotocols a page offers: ours and its token. */
export function labProtocols(token: string): string[] {
  return [LAB_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
}

/** The token a handshake's Sec-WebSocket-Protocol header offers, if it offers ours and one token. */
export function tokenFromProtocols(header: string | undefined): string | undefined {
  if (!header || header.length > 512) return undefined;
  const offered = header.split(',').map((p) => p.trim());
  if (!offered.includes(LAB_PROTOCOL)) return undefined;
  const tokens = offered.filter((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  return tokens.length === 1 ? tokens[0]!.slice(TOKEN_PROTOCOL_PREFIX.length) : undefined;
}
