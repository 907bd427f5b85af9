// Runtime lifecycle events adapter.
import { browser } from './api';

export function onInstalled(callback: () => void): void {
  browser.runtime.onInstalled.addListener(() => callback());
}

export function onStartup(callback: () => void): void {
  browser.runtime.onStartup.addListener(() => callback());
}
