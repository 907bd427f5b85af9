/** Reads a zip archive's files (directories omitted): entry name → content. */
export function readZipEntries(file: string): Map<string, Buffer>;
