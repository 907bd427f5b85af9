// Alarms adapter: the periodic re-probe. Never setInterval: the worker may be killed any time.
import { browser } from './api';

const PROBE_ALARM = 'hairpin-probe';
const PROBE_PERIOD_MINUTES = 1;

export async function ensureProbeAlarm(): Promise<void> {
  const existing = await browser.alarms.get(PROBE_ALARM);
  if (!existing) await browser.alarms.create(PROBE_ALARM, { periodInMinutes: PROBE_PERIOD_MINUTES });
}

export function onProbeAlarm(callback: () => void): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PROBE_ALARM) callback();
  });
}
