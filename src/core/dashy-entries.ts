// The services of a Dashy `conf.yml`. Pure. The format, from Dashy's docs/configuring.md and
// its ConfigSchema.json: `sections[]` (required, each with a `name`) hold `items[]`; an item has
// a `title`, a `url` (the link the browser opens) and optionally a `statusCheckUrl` (checked by
// Dashy's server instead of `url`), and `subItems[]` of their own `title` and `url`. Read here:
// those. Not read: `pages[]` (other config files: import each one), section `widgets`, and
// everything about looks, auth and search.
import { isRecord } from './is-record';
import { restoreHomepageVariables } from './dashboard-address';
import type { DashboardService, ServiceUrl } from './service-pairing';

export interface DashboardEntries {
  services: DashboardService[];
  /** What the file holds that Hairpin does not read, said once in the preview. */
  notes: string[];
}

/** True when `doc` has the shape of a Dashy config (an object with a `sections` list). */
export function looksLikeDashy(doc: unknown): doc is Record<string, unknown> & { sections: unknown[] } {
  return isRecord(doc) && Array.isArray(doc.sections);
}

export function dashyEntries(doc: Record<string, unknown> & { sections: unknown[] }): DashboardEntries {
  const services: DashboardService[] = [];
  const notes: string[] = [];
  doc.sections.forEach((section, s) => {
    if (!isRecord(section)) return;
    const group = text(section.name) ?? `Section ${s + 1}`;
    if (!Array.isArray(section.items)) return;
    section.items.forEach((item: unknown, i) => {
      if (!isRecord(item)) return;
      const name = text(item.title) ?? `Item ${i + 1}`;
      services.push({
        name,
        group,
        urls: [url('url', item.url, 'browser'), url('statusCheckUrl', item.statusCheckUrl, 'server')].filter(
          (entry) => entry !== null,
        ),
      });
      if (!Array.isArray(item.subItems)) return;
      item.subItems.forEach((sub: unknown, k) => {
        if (!isRecord(sub)) return;
        const subUrl = url('url', sub.url, 'browser');
        services.push({
          name: text(sub.title) ?? `${name} ${k + 1}`,
          group: `${group} › ${name}`,
          urls: subUrl ? [subUrl] : [],
        });
      });
    });
  });
  if (Array.isArray(doc.pages) && doc.pages.length > 0) {
    const count = doc.pages.length;
    notes.push(
      `This file names ${count === 1 ? 'another page' : `${count} other pages`} (pages:); only its own sections are read here: import each page’s file too.`,
    );
  }
  return { services, notes };
}

function text(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value.trim() === '') return null;
  return restoreHomepageVariables(value.trim());
}

function url(field: string, value: unknown, audience: ServiceUrl['audience']): ServiceUrl | null {
  return typeof value === 'string' && value.trim() !== '' ? { field, text: value, audience } : null;
}
