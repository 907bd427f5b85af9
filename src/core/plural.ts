/** "1 mapping", "3 mappings": English plurals of regular nouns, for counts in the UI. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
