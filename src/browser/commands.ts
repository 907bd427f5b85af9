// Keyboard shortcuts adapter (manifest `commands`).
import { browser } from './api';

export function onCommand(name: string, callback: () => void): void {
  browser.commands.onCommand.addListener((command: string) => {
    if (command === name) callback();
  });
}
