// Auto / Home / Away as three toggle buttons; the active one has aria-pressed="true".
import { MODES, type Mode } from '../core/verdict';

const LABELS: Record<Mode, string> = { auto: 'Auto', home: 'Home', away: 'Away' };
const HINTS: Record<Mode, string> = {
  auto: 'Follow the probe',
  home: 'Always use the internal addresses',
  away: 'Always use the external addresses',
};

export interface ModeButtonsProps {
  mode: Mode;
  /** Accessible name of the group, e.g. "Mode for Home". */
  label: string;
  onChange: (mode: Mode) => void;
}

export function ModeButtons({ mode, label, onChange }: ModeButtonsProps) {
  // Arrow keys move between the three buttons, as in a toolbar; Tab still reaches each one.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const buttons = Array.from((event.currentTarget as HTMLElement).querySelectorAll('button'));
    const index = buttons.indexOf(event.target as HTMLButtonElement);
    if (index === -1) return;
    event.preventDefault();
    const next = (index + (event.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length;
    buttons[next]?.focus();
  };
  return (
    <div class="segmented" role="group" aria-label={label} onKeyDown={onKeyDown}>
      {MODES.map((candidate) => (
        <button
          key={candidate}
          type="button"
          class="segmented-button"
          aria-pressed={candidate === mode ? 'true' : 'false'}
          title={HINTS[candidate]}
          onClick={() => {
            if (candidate !== mode) onChange(candidate);
          }}
        >
          {LABELS[candidate]}
        </button>
      ))}
    </div>
  );
}
