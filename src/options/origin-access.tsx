// Warns when Hairpin may not access some of the sites a network or mapping needs (Firefox lets
// users withhold host access per site), with a button that asks for exactly those sites.
import { GrantElsewhere } from '../ui/grant-elsewhere';
import { useEffect, useState } from 'preact/hooks';
import { hostPatterns } from '../core/host-patterns';
import { useApp } from '../ui/services';
import { errorMessage } from '../core/error-message';

export function OriginAccess({ urls, consequence }: { urls: readonly string[]; consequence: string }) {
  const { services } = useApp();
  const patterns = hostPatterns(urls);
  const key = patterns.join(' ');
  const [missing, setMissing] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    if (patterns.length === 0) {
      setMissing(false);
      return undefined;
    }
    services.hasOrigins(patterns).then(
      (granted) => {
        if (live) setMissing(!granted);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
    // `key` stands for `patterns`, which is a new array every render.
  }, [key, generation, services]);

  if (!missing) return null;
  const hosts = patterns.map((pattern) => pattern.replace(/\/\*$/, ''));
  const request = () => {
    // permissions.request needs the click's user gesture: call it before any await.
    services.requestOrigins(patterns).then(
      (granted) => {
        setProblem(granted ? null : 'Access was not granted.');
        setGeneration((n) => n + 1);
      },
      (error: unknown) => setProblem(errorMessage(error)),
    );
  };
  return (
    <div class="notice notice-warn access-notice">
      <p>
        Hairpin may not access {hosts.join(' and ')}: {consequence}.
      </p>
      {services.canRequestPermissions ? (
        <button type="button" class="button button-small" onClick={request}>
          Allow access
        </button>
      ) : (
        <GrantElsewhere what={`access to ${hosts.join(' and ')}`} />
      )}
      {problem && <p class="notice-detail">{problem}</p>}
    </div>
  );
}
