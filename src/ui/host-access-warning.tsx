// Shown when the user withheld Hairpin's site access (Firefox and Chrome allow that): nothing can work.
import { AccessNotice } from './access-notice';
import { useApp } from './services';

export function HostAccessWarning({ onGranted }: { onGranted: () => void }) {
  const { services } = useApp();
  return (
    <AccessNotice
      tone="danger"
      what="access to websites"
      buttonLabel="Allow access to websites"
      request={() => services.requestHostAccess()}
      onGranted={onGranted}
    >
      <strong>Hairpin has no access to websites.</strong> Without it, Hairpin can neither check your home network nor
      redirect your services.
    </AccessNotice>
  );
}
