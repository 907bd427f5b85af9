// The services of a Homepage (gethomepage) `services.yaml`. Pure. The format, from Homepage's
// docs/configs/services.md and src/utils/config/service-helpers.js (parseServicesToGroups): a
// list of groups, each a one-key map `{ Group: [ … ] }`; each entry of a group is a one-key map
// whose value is either a service (a map of fields) or a list (a nested group). Read here: a
// service's `href` (the link the browser opens), `siteMonitor` (a URL Homepage's server checks),
// `ping` when it is a URL (older Homepage; today it is usually a bare host for ICMP, and then it
// is skipped), and `widget.url` / `widgets[].url` (the API a widget reads, from the server).
// Not read: everything else (icons, descriptions, Docker and Kubernetes discovery, widget keys).
import { isRecord } from './is-record';
import { restoreHomepageVariables } from './dashboard-address';
import type { DashboardEntries } from './dashy-entries';
import type { DashboardService, ServiceUrl } from './service-pairing';

/** A one-key map `{ Name: value }`, as Homepage writes groups and services. */
function single(entry: unknown): [string, unknown] | null {
  if (!isRecord(entry)) return null;
  const keys = Object.keys(entry);
  return keys.length === 1 ? [keys[0]!, entry[keys[0]!]] : null;
}

/** True when `doc` has the shape of a services.yaml: a list of `{ Group: [ … ] }`. */
export function looksLikeHomepage(doc: unknown): doc is unknown[] {
  return (
    Array.isArray(doc) &&
    doc.length > 0 &&
    doc.every((entry) => {
      const group = single(entry);
      return group !== null && (Array.isArray(group[1]) || group[1] === null);
    })
  );
}

export function homepageEntries(doc: unknown[]): DashboardEntries {
  const services: DashboardService[] = [];
  const empty: string[] = [];
  const walk = (groups: unknown[], parent: string) => {
    for (const entry of groups) {
      const group = single(entry);
      if (!group || !Array.isArray(group[1])) continue;
      const path = parent === '' ? name(group[0]) : `${parent} › ${name(group[0])}`;
      for (const item of group[1] as unknown[]) {
        const service = single(item);
        if (!service) continue;
        const [serviceName, fields] = service;
        if (Array.isArray(fields)) walk([item], path);
        else if (isRecord(fields)) services.push({ name: name(serviceName), group: path, urls: urlsOf(fields) });
        else empty.push(name(serviceName)); // Homepage too skips it: "Ensure required fields are present"
      }
    }
  };
  walk(doc, '');
  const notes =
    empty.length > 0
      ? [`Skipped, as Homepage does, entries without fields: ${empty.map((n) => `“${n}”`).join(', ')}.`]
      : [];
  return { services, notes };
}

function urlsOf(fields: Record<string, unknown>): ServiceUrl[] {
  const urls: ServiceUrl[] = [];
  const add = (field: string, value: unknown, audience: ServiceUrl['audience']) => {
    if (typeof value === 'string' && value.trim() !== '') urls.push({ field, text: value, audience });
  };
  add('href', fields.href, 'browser');
  add('siteMonitor', fields.siteMonitor, 'server');
  if (typeof fields.ping === 'string' && /^https?:\/\//i.test(fields.ping.trim())) add('ping', fields.ping, 'server');
  if (isRecord(fields.widget)) add('widget.url', fields.widget.url, 'server');
  if (Array.isArray(fields.widgets)) {
    fields.widgets.forEach((widget: unknown, w) => {
      if (isRecord(widget)) add(`widgets[${w}].url`, widget.url, 'server');
    });
  }
  return urls;
}

function name(key: string): string {
  return restoreHomepageVariables(key).trim() || 'Unnamed';
}
