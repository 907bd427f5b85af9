// Which browser this is, as a label for "last synced by Firefox" (never to decide behaviour:
// features are detected where they are used).
export function browserName(): string {
  const agent = navigator.userAgent;
  const os = /Android/.test(agent)
    ? ' on Android'
    : /Mac OS X/.test(agent)
      ? ' on macOS'
      : /Windows/.test(agent)
        ? ' on Windows'
        : /Linux/.test(agent)
          ? ' on Linux'
          : '';
  if (/Firefox\//.test(agent)) return `Firefox${os}`;
  if (/Edg\//.test(agent)) return `Edge${os}`;
  if (/Chrome\//.test(agent)) return `Chrome${os}`;
  return `a browser${os}`;
}
