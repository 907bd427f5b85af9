// Where the user grants access when the browser cannot ask from Hairpin's pages: Firefox for
// Android lists `permissions.request` as unsupported (MDN browser-compat-data,
// webextensions/api/permissions.json), but lets the user switch each permission on in its
// add-on manager.
export const GRANT_ACCESS_PATH = 'Menu → Add-ons (or Extensions) → Hairpin → Permissions';

/** `what` names the access, e.g. "access to websites" or "cookie access". */
export function grantAccessElsewhere(what: string): string {
  return `This browser cannot ask for ${what} from Hairpin’s pages. Turn it on in the browser instead: ${GRANT_ACCESS_PATH}.`;
}
