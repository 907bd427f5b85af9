// Keyboard shortcuts adapter (manifest `commands`). Firefox for Android has no `commands` API
// (MDN browser-compat-data: webextensions/api/commands), so the shortcut is simply not there.
import { optionalApi } from './api';

/** Listens for the shortcut `name`; false where the browser has no keyboard shortcuts. */
export function onCommand(name: string, callback: () => void): boolean {
  const commands = optionalApi('commands');
  if (!commands?.onCommand) return false;
  commands.onCommand.addListener((command: string) => {
    if (command === name) callback();
  });
  return true;
}
