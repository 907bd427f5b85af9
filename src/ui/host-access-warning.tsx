// Shown when the user withheld Hairpin's site access (Firefox allows that): nothing can work.
import { useState } from 'preact/hooks';
import { errorMessage, useApp } from './services';

export function HostAccessWarning({ onGranted }: { onGranted(): void }) {
  const { services } = useApp();
  const [problem, setProblem] = useState<string | null>(null);
  const request = () => {
    // permissions.request needs the click's user gesture: call it before any await.
    services.requestHostAccess().then(
      (granted) => {
        setProblem(granted ? null : 'Access was not granted.');
        if (granted) onGranted();
      },
      (error: unknown) => setProblem(errorMessage(error)),
    );
  };
  return (
    <div class="notice notice-danger" role="alert">
      <p>
        <strong>Hairpin has no access to websites.</strong> Without it, Hairpin can neither check your home network
        nor redirect your services.
      </p>
      <button type="button" class="button button-primary" onClick={request}>
        Allow access to websites
      </button>
      {problem && <p class="notice-detail">{problem}</p>}
    </div>
  );
}
