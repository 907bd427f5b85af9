// First run: Hairpin has no network yet. Two ways in: the setup wizard, or a file to import.
import { ImportButton } from './import-button';

export function Welcome({ onFile, onStart }: { onFile: (file: File) => void; onStart: () => void }) {
  return (
    <section class="card welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title" class="card-title">
        Hairpin is not set up yet
      </h2>
      <p class="muted">
        Hairpin opens your self-hosted services at their internal address at home and at the external one away. It needs
        to know how to recognise your home network, and which addresses to swap.
      </p>
      <div class="welcome-choices">
        <div class="choice">
          <h3>Start with one network</h3>
          <p class="muted">Three steps: your health endpoint, its token, and your first service.</p>
          <button type="button" class="button button-primary" onClick={onStart}>
            Set up a network
          </button>
        </div>
        <div class="choice">
          <h3>Have a configuration file?</h3>
          <p class="muted">Import a file exported from Hairpin on another computer.</p>
          <ImportButton label="Import a file…" onFile={onFile} />
        </div>
      </div>
    </section>
  );
}
