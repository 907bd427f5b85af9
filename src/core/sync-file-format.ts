// The household sync file: the same per-entry SyncDoc that browser sync carries, as one JSON
// file on the user's WebDAV server, with who wrote it last. Reading it never throws: a login
// page, a truncated or foreign file, or a doc from a newer Hairpin is a specific error, and the
// caller changes nothing. Pure.
import { isRecord } from './is-record';
import { readSyncDoc } from './sync-doc-read';
import { SYNC_DOC_SCHEMA, type SyncDoc } from './sync-doc';

export const SYNC_FILE_FORMAT = 'hairpin-sync';
/** 1,000 mappings with long names and their tombstones fit well under this. */
export const MAX_SYNC_FILE_BYTES = 4 * 1024 * 1024;

export interface SyncFileWriter {
  /** This browser's device id (the `by` of its entries). */
  device: string;
  /** What the status shows: "Firefox", "Chromium". */
  browser: string;
  at: number;
}

export interface SyncFileContent {
  doc: SyncDoc;
  writer: SyncFileWriter | null;
  notices: string[];
}

export type SyncFileRead = ({ ok: true } & SyncFileContent) | { ok: false; error: string };

export function encodeSyncFile(doc: SyncDoc, writer: SyncFileWriter): string {
  return `${JSON.stringify({ format: SYNC_FILE_FORMAT, schema: SYNC_DOC_SCHEMA, writer, doc })}\n`;
}

/** The parsed JSON of a sync file (unsealed), or why it is not one. */
export function readSyncFileJson(json: unknown): SyncFileRead {
  if (!isRecord(json) || json.format !== SYNC_FILE_FORMAT) {
    return { ok: false, error: 'the file at that address is not a Hairpin sync file' };
  }
  const doc = readSyncDoc(json.doc);
  if (!doc.ok) return { ok: false, error: `the sync file is unreadable: ${doc.error}` };
  return { ok: true, doc: doc.doc, writer: readWriter(json.writer), notices: doc.notices };
}

/** JSON text from the server, or why it is not JSON (a login page, a truncated file). */
export function parseJsonBody(
  text: string,
  contentType: string | null,
): { ok: true; json: unknown } | { ok: false; error: string } {
  const start = text.trimStart().slice(0, 64).toLowerCase();
  if ((contentType ?? '').includes('html') || start.startsWith('<!doctype') || start.startsWith('<html')) {
    return {
      ok: false,
      error: 'the server answered with a web page (a login page?) instead of the sync file: check the URL',
    };
  }
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: 'the file at that address is not valid JSON (cut short, or not a Hairpin sync file)' };
  }
}

function readWriter(raw: unknown): SyncFileWriter | null {
  if (!isRecord(raw)) return null;
  const { device, browser, at } = raw;
  if (typeof device !== 'string' || typeof browser !== 'string' || typeof at !== 'number') return null;
  return { device: device.slice(0, 64), browser: browser.slice(0, 40), at };
}
