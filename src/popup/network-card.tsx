// One network in the popup: where it stands and how that was decided, when it was checked, the
// last automatic switch, and its mode buttons.
import type { NetworkState, SwitchRecord } from '../core/messages';
import { describeVerdict, type Location, type Mode } from '../core/verdict';
import { ModeButtons } from '../ui/mode-buttons';
import { formatRelative } from '../ui/relative-time';

export const WHERE: Record<Location | 'unknown', string> = {
  home: 'Home',
  away: 'Away',
  unknown: 'Not checked yet',
};

export function NetworkCard(props: {
  network: NetworkState;
  lastSwitch: SwitchRecord | null;
  clock: number;
  onMode: (mode: Mode) => void;
  /** Keeps the forced mode after a restart (true) or lets it end with the session (false). */
  onPin: (pinned: boolean) => void;
}) {
  const { network, lastSwitch, clock, onMode, onPin } = props;
  const headingId = `network-${slug(network.name)}`;
  const how = howReached(network);
  const checked = network.verdict ? formatRelative(network.verdict.checkedAt, clock) : null;
  return (
    <li class="network" aria-labelledby={headingId}>
      <div class="network-head">
        <h2 id={headingId} class="network-name">
          {network.name}
        </h2>
        <span class={`verdict verdict-${network.location}`}>{WHERE[network.location]}</span>
      </div>
      <p class="network-how">
        <span>{how}</span>
        {checked && (
          <>
            <span aria-hidden="true"> · </span>
            <span>
              checked{' '}
              <time
                dateTime={new Date(network.verdict!.checkedAt).toISOString()}
                title={new Date(network.verdict!.checkedAt).toLocaleString()}
              >
                {checked}
              </time>
            </span>
          </>
        )}
      </p>
      {lastSwitch && (
        <p class="network-switch">
          Switched to {WHERE[lastSwitch.to]} {formatRelative(lastSwitch.at, clock)}: {lastSwitch.because}
        </p>
      )}
      <ModeButtons mode={network.mode} label={`Mode for ${network.name}`} onChange={onMode} />
      {network.mode !== 'auto' && (
        <label class="network-pin">
          <input type="checkbox" checked={network.pinned} onChange={(event) => onPin(event.currentTarget.checked)} />
          Keep {WHERE[network.mode]} after the browser restarts
        </label>
      )}
    </li>
  );
}

/** "probe answered in 12 ms", "forced by you (the probe says Away)", "waiting for the first probe". */
function howReached(network: NetworkState): string {
  if (network.mode !== 'auto') {
    const until = network.pinned ? 'forced by you, also after a restart' : 'forced by you until the browser closes';
    if (!network.verdict) return until;
    return `${until} (the probe says ${WHERE[network.verdict.location]})`;
  }
  return network.verdict ? describeVerdict(network.verdict) : 'waiting for the first probe';
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
