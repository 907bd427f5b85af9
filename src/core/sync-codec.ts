// Encodes a SyncDoc into storage.sync items and back. The doc is compressed, split into chunks
// under keys that carry a generation and the writer's id, and described by one `meta` item with
// a checksum. A reader that sees a meta whose chunks have not all arrived yet (sync delivers
// items one by one), or chunks of another generation, detects it and keeps what it had.
// Pure apart from web-standard CompressionStream and crypto.subtle.
import { READABLE_DOC_SCHEMAS, SYNC_DOC_SCHEMA, type SyncDoc } from './sync-doc';
import { readSyncDoc } from './sync-doc-read';
import { errorMessage } from './error-message';
import { fromBase64, toBase64 } from './base64';

/** Chrome's storage.sync quotas (Firefox documents the same numbers but enforces them late). */
export const SYNC_QUOTA = {
  bytes: 102_400,
  bytesPerItem: 8_192,
  maxItems: 512,
  writesPerMinute: 120,
  writesPerHour: 1_800,
} as const;

export const META_KEY = 'hp:meta';
const CHUNK_PREFIX = 'hp:c:';
/** Characters of base64 per chunk: well under bytesPerItem once the key and quotes are added. */
const CHUNK_CHARS = 7_800;
/** Old and new generation coexist while a write lands, so a doc may use at most half of sync. */
export const MAX_SYNC_PAYLOAD = Math.floor(SYNC_QUOTA.bytes / 2) - 1_024;

export interface SyncMeta {
  schema: number;
  gen: number;
  writer: string;
  chunks: number;
  checksum: string;
  at: number;
}

export type DecodeResult =
  | { ok: true; doc: SyncDoc; meta: SyncMeta; notices: string[] }
  | { ok: false; reason: 'empty' | 'torn' | 'corrupt' | 'newer-schema'; detail: string };

/** Bytes an item costs against the quota: key plus JSON value, as Chrome counts them. */
export function itemBytes(key: string, value: unknown): number {
  return new TextEncoder().encode(key + JSON.stringify(value)).length;
}

export function isHairpinSyncKey(key: string): boolean {
  return key === META_KEY || key.startsWith(CHUNK_PREFIX);
}

export function chunkKey(gen: number, writer: string, index: number): string {
  return `${CHUNK_PREFIX}${gen}.${writer}.${index}`;
}

/** The generation and writer a chunk key belongs to, or null for other keys. */
export function chunkOwner(key: string): { gen: number; writer: string } | null {
  const match = /^hp:c:(\d+)\.([^.]+)\.\d+$/.exec(key);
  return match ? { gen: Number(match[1]), writer: match[2]! } : null;
}

export async function encodeDoc(
  doc: SyncDoc,
  gen: number,
  writer: string,
  at: number,
): Promise<Record<string, unknown>> {
  const payload = await compress(JSON.stringify(doc));
  const chunks: string[] = [];
  for (let i = 0; i < payload.length; i += CHUNK_CHARS) chunks.push(payload.slice(i, i + CHUNK_CHARS));
  const items: Record<string, unknown> = {};
  chunks.forEach((chunk, i) => {
    items[chunkKey(gen, writer, i)] = chunk;
  });
  const meta: SyncMeta = {
    schema: SYNC_DOC_SCHEMA,
    gen,
    writer,
    chunks: chunks.length,
    checksum: await sha256(payload),
    at,
  };
  items[META_KEY] = meta;
  return items;
}

/** Total quota bytes the items would take. */
export function itemsBytes(items: Record<string, unknown>): number {
  return Object.entries(items).reduce((sum, [key, value]) => sum + itemBytes(key, value), 0);
}

export async function decodeItems(items: Record<string, unknown>): Promise<DecodeResult> {
  const meta = items[META_KEY] as Partial<SyncMeta> | undefined;
  if (meta === undefined) return { ok: false, reason: 'empty', detail: 'nothing synced yet' };
  if (
    typeof meta !== 'object' ||
    meta === null ||
    typeof meta.gen !== 'number' ||
    typeof meta.writer !== 'string' ||
    typeof meta.chunks !== 'number' ||
    typeof meta.checksum !== 'string'
  ) {
    return { ok: false, reason: 'corrupt', detail: 'the synced description is malformed' };
  }
  if (typeof meta.schema !== 'number' || !READABLE_DOC_SCHEMAS.includes(meta.schema)) {
    return {
      ok: false,
      reason: 'newer-schema',
      detail: `synced by a Hairpin with storage schema ${String(meta.schema)}`,
    };
  }
  let payload = '';
  for (let i = 0; i < meta.chunks; i++) {
    const chunk = items[chunkKey(meta.gen, meta.writer, i)];
    if (typeof chunk !== 'string')
      return { ok: false, reason: 'torn', detail: `chunk ${i + 1} of ${meta.chunks} has not arrived` };
    payload += chunk;
  }
  if ((await sha256(payload)) !== meta.checksum) {
    return { ok: false, reason: 'torn', detail: 'the synced chunks do not match their checksum' };
  }
  try {
    const read = readSyncDoc(JSON.parse(await decompress(payload)));
    if (!read.ok) throw new Error(read.error);
    return { ok: true, doc: read.doc, meta: meta as SyncMeta, notices: read.notices };
  } catch (error) {
    return { ok: false, reason: 'corrupt', detail: errorMessage(error) };
  }
}

async function compress(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return toBase64(bytes);
}

async function decompress(base64: string): Promise<string> {
  const stream = new Blob([fromBase64(base64)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).text();
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
