// The household passphrase seal: a sync file (or a config file) encrypted and authenticated
// with AES-256-GCM, its key derived from the passphrase with PBKDF2-HMAC-SHA-256 (600,000
// iterations, OWASP's figure for it) and a random salt stored in the file. WebCrypto does both
// natively in every browser and in Node, with no library to load into the extension (argon2
// would need WebAssembly, and so a looser extension CSP). The header (format, KDF, salt) is
// bound to the ciphertext as associated data: a server admin, or anyone on a plain-http LAN, can
// neither read the file nor change a byte of it undetected. Pure apart from crypto.subtle.
import { isRecord } from './is-record';
import { fromBase64, toBase64 } from './base64';

export const SEALED_FORMAT = 'hairpin-sealed';
export const PBKDF2_ITERATIONS = 600_000;
/** A file may ask for more (a later Hairpin), within reason; never fewer than this. */
const MIN_ITERATIONS = 100_000;
const MAX_ITERATIONS = 10_000_000;

export interface SealHeader {
  format: typeof SEALED_FORMAT;
  version: 1;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
}

export type UnsealResult = { ok: true; text: string; header: SealHeader } | { ok: false; error: string };

export function isSealed(json: unknown): boolean {
  return isRecord(json) && json.format === SEALED_FORMAT;
}

/** Keys derived in this worker's life, by salt and passphrase: PBKDF2 is slow on purpose. */
const keys = new Map<string, Promise<CryptoKey>>();

function deriveKey(passphrase: string, header: SealHeader): Promise<CryptoKey> {
  const id = `${header.kdf.salt}:${header.kdf.iterations}:${passphrase}`;
  let key = keys.get(id);
  if (!key) {
    key = (async () => {
      const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, [
        'deriveKey',
      ]);
      return crypto.subtle.deriveKey(
        { name: 'PBKDF2', hash: 'SHA-256', iterations: header.kdf.iterations, salt: fromBase64(header.kdf.salt) },
        material,
        { name: 'AES-GCM', length: 256 },
        false,
        ['encrypt', 'decrypt'],
      );
    })();
    if (keys.size > 8) keys.clear();
    keys.set(id, key);
  }
  return key;
}

/** A header for a new sealed file; reuse the header of the file read, so its key is reused too. */
export function newSealHeader(): SealHeader {
  return {
    format: SEALED_FORMAT,
    version: 1,
    kdf: {
      name: 'PBKDF2',
      hash: 'SHA-256',
      iterations: PBKDF2_ITERATIONS,
      salt: toBase64(crypto.getRandomValues(new Uint8Array(16))),
    },
  };
}

export async function seal(text: string, passphrase: string, header: SealHeader = newSealHeader()): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await deriveKey(passphrase, header);
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: headerBytes(header) },
    key,
    new TextEncoder().encode(text),
  );
  return `${JSON.stringify({ ...header, iv: toBase64(iv), data: toBase64(new Uint8Array(data)) })}\n`;
}

export async function unseal(json: unknown, passphrase: string): Promise<UnsealResult> {
  const header = readHeader(json);
  if (!header || !isRecord(json) || typeof json.iv !== 'string' || typeof json.data !== 'string') {
    return { ok: false, error: 'the sealed file is malformed' };
  }
  if (passphrase === '') {
    return { ok: false, error: 'the file is sealed with a household passphrase: enter it in the sync settings' };
  }
  try {
    const key = await deriveKey(passphrase, header);
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(json.iv), additionalData: headerBytes(header) },
      key,
      fromBase64(json.data),
    );
    return { ok: true, text: new TextDecoder().decode(plain), header };
  } catch {
    return {
      ok: false,
      error: 'the household passphrase does not open this file (a wrong passphrase, or the file was altered)',
    };
  }
}

/** The salt a sealed file names (unauthenticated: only to tell a re-sealed file from an altered one in messages). */
export function sealSalt(json: unknown): string | null {
  return readHeader(json)?.kdf.salt ?? null;
}

function readHeader(json: unknown): SealHeader | null {
  if (!isRecord(json) || json.format !== SEALED_FORMAT || json.version !== 1 || !isRecord(json.kdf)) return null;
  const { name, hash, iterations, salt } = json.kdf;
  if (name !== 'PBKDF2' || hash !== 'SHA-256' || typeof salt !== 'string' || typeof iterations !== 'number')
    return null;
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) return null;
  if (!/^[A-Za-z0-9+/]{16,64}={0,2}$/.test(salt)) return null;
  return { format: SEALED_FORMAT, version: 1, kdf: { name, hash, iterations, salt } };
}

function headerBytes(header: SealHeader): Uint8Array<ArrayBuffer> {
  const { format, version, kdf } = header;
  return new TextEncoder().encode(JSON.stringify([format, version, kdf.name, kdf.hash, kdf.iterations, kdf.salt]));
}
