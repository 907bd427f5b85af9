// A file input that looks like a button; it takes Hairpin's JSON and dashboards' YAML. Its value is cleared after each choice: otherwise
// choosing the same file again fires no `change` event.
export function ImportButton({
  label,
  onFile,
  primary,
}: {
  label: string;
  onFile: (file: File) => void;
  primary?: boolean;
}) {
  return (
    <label class={`button file-button ${primary ? 'button-primary' : ''}`}>
      {label}
      <input
        type="file"
        class="visually-hidden"
        accept=".json,application/json,.yml,.yaml,application/yaml"
        onChange={(event) => {
          const input = event.currentTarget;
          const file = input.files?.[0];
          input.value = '';
          if (file) onFile(file);
        }}
      />
    </label>
  );
}
