// The preview of a dashboard file (Dashy, Homepage): a checkbox per service Hairpin could pair,
// the services already mapped, those it could not pair and why, a network to add them to, and
// the one validator's verdict on the ticked ones, row by row. Loaded with import() only when a
// dashboard file is opened (it brings js-yaml), so neither page's entry carries it.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Config } from '../core/config-schema';
import { checkSelection, FORMAT_NAMES, type DashboardFormat, type PreviewRow } from '../core/import-preview';
import { plural } from '../core/plural';

export { previewDashboard } from '../core/import-preview';

export interface DashboardImportProps {
  fileName: string;
  format: DashboardFormat;
  rows: PreviewRow[];
  notes: string[];
  /** The configuration to merge into: the page's draft when it is valid, else null. */
  base: Config | null;
  onImport: (config: Config, added: number, network: string) => Promise<void>;
  onCancel: () => void;
}

export function DashboardImport({ fileName, format, rows, notes, base, onImport, onCancel }: DashboardImportProps) {
  const networks = base?.networks ?? [];
  const [network, setNetwork] = useState(0);
  const [ticked, setTicked] = useState<ReadonlySet<number>>(
    () => new Set(rows.filter((row) => row.state === 'new').map((row) => row.key)),
  );
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const check = useMemo(
    () => (base && networks[network] ? checkSelection(base, network, rows, ticked) : null),
    [base, networks, network, rows, ticked],
  );
  const fresh = rows.filter((row) => row.state === 'new');
  const known = rows.filter((row) => row.state === 'exists' || row.state === 'duplicate');
  const unpaired = rows.filter((row) => row.state === 'unpaired');
  const rowErrors = check?.rowErrors.size ?? 0;
  const ready = check !== null && check.config !== null && check.added > 0 && !busy;
  const target = networks[network]?.name ?? '';

  const toggle = (key: number, on: boolean) =>
    setTicked((previous) => {
      const next = new Set(previous);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  const confirm = async () => {
    if (!check?.config) return;
    setBusy(true);
    setProblem(null);
    try {
      await onImport(check.config, check.added, target);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      setBusy(false);
    }
  };

  return (
    <section
      class="card dashboard-import"
      aria-labelledby="dashboard-import-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !busy) onCancel();
      }}
    >
      <div class="card-head">
        <h2 id="dashboard-import-title" class="card-title" tabIndex={-1} ref={heading}>
          Import services from “{fileName}”
        </h2>
        <span class="muted">{FORMAT_NAMES[format]}</span>
      </div>
      <p class="muted">
        {plural(rows.length, 'service')} in the file: {fresh.length} can be added, {known.length} already mapped,{' '}
        {unpaired.length} without a pair of addresses. Nothing changes until you add them.
      </p>
      {notes.map((note) => (
        <p key={note} class="notice notice-warn">
          {note}
        </p>
      ))}
      {base === null ? (
        <p class="notice notice-danger" role="alert">
          This page has problems in its settings: fix them first, then import again.
        </p>
      ) : networks.length > 1 ? (
        <div class="field import-network">
          <label for="import-network">Add them to the network</label>
          <select
            id="import-network"
            class="input"
            value={String(network)}
            onChange={(event) => setNetwork(Number(event.currentTarget.value))}
          >
            {networks.map((each, n) => (
              <option key={each.name} value={String(n)}>
                {each.name}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p>
          They are added to the network <strong>{target}</strong>.
        </p>
      )}

      {fresh.length > 0 && (
        <RowGroup title={`To add (${fresh.length})`}>
          {fresh.map((row) => (
            <NewRow
              key={row.key}
              row={row}
              checked={ticked.has(row.key)}
              errors={check?.rowErrors.get(row.key) ?? []}
              onToggle={(on) => toggle(row.key, on)}
            />
          ))}
        </RowGroup>
      )}
      {known.length > 0 && (
        <RowGroup title={`Already mapped (${known.length}), not added again`}>
          {known.map((row) => (
            <InfoRow key={row.key} row={row} />
          ))}
        </RowGroup>
      )}
      {unpaired.length > 0 && (
        <RowGroup title={`Could not pair (${unpaired.length})`}>
          {unpaired.map((row) => (
            <InfoRow key={row.key} row={row} />
          ))}
        </RowGroup>
      )}

      {check && check.general.length > 0 && (
        <ul class="notice notice-danger" role="alert">
          {check.general.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {problem && (
        <p class="notice notice-danger" role="alert">
          Not imported: {problem}
        </p>
      )}
      <div class="wizard-actions">
        <button type="button" class="button button-primary" disabled={!ready} onClick={() => void confirm()}>
          {check && check.added > 0 ? `Add ${plural(check.added, 'service')} to ${target}` : 'Add services'}
        </button>
        <button type="button" class="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        {rowErrors > 0 && (
          <span class="field-message field-error" role="status">
            {plural(rowErrors, 'ticked service')} cannot be added as {rowErrors === 1 ? 'it is' : 'they are'} (see
            below): untick {rowErrors === 1 ? 'it' : 'them'} to add the rest.
          </span>
        )}
      </div>
    </section>
  );
}

function RowGroup({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="import-group">
      <h3 class="mappings-title">{title}</h3>
      <ul class="import-rows">{children}</ul>
    </div>
  );
}

function Addresses({ row }: { row: PreviewRow }) {
  if (!row.mapping) return null;
  return (
    <p class="import-addresses">
      <code>{row.mapping.external}</code> ↔ <code>{row.mapping.internal}</code>
      {row.fields && (
        <span class="muted">
          {' '}
          (from {row.fields.external} and {row.fields.internal})
        </span>
      )}
    </p>
  );
}

function NewRow(props: { row: PreviewRow; checked: boolean; errors: string[]; onToggle: (on: boolean) => void }) {
  const { row, checked, errors } = props;
  const id = `import-row-${row.key}`;
  return (
    <li class={`import-row ${errors.length > 0 ? 'import-row-invalid' : ''}`}>
      <label class="checkbox">
        <input
          type="checkbox"
          id={id}
          checked={checked}
          aria-describedby={`${id}-detail${errors.length > 0 ? ` ${id}-error` : ''}`}
          aria-invalid={errors.length > 0 ? 'true' : undefined}
          onChange={(event) => props.onToggle(event.currentTarget.checked)}
        />
        {row.name}
      </label>
      <div id={`${id}-detail`} class="import-detail">
        <span class="muted">{row.group}</span>
        <Addresses row={row} />
      </div>
      {errors.length > 0 && (
        <p id={`${id}-error`} class="field-message field-error">
          {errors.join(' ')}
        </p>
      )}
    </li>
  );
}

function InfoRow({ row }: { row: PreviewRow }) {
  return (
    <li class="import-row">
      <strong>{row.name}</strong> <span class="muted">{row.group}</span>
      {row.mapping ? <Addresses row={row} /> : <UrlList row={row} />}
      <p class="import-reason">{row.reason}</p>
    </li>
  );
}

function UrlList({ row }: { row: PreviewRow }) {
  if (row.urls.length === 0) return null;
  return (
    <p class="import-addresses">
      {row.urls.map(({ field, text }, i) => (
        <span key={`${field}-${i}`}>
          {i > 0 && ', '}
          {field} <code>{text}</code>
        </span>
      ))}
    </p>
  );
}
