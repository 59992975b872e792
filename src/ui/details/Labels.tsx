/** Labels or annotations as `key=value` lines (text only: they come from the input files). */
export function Labels({ labels, name }: { readonly labels: Readonly<Record<string, string>>; readonly name: string }) {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="muted">none</p>;
  return (
    <ul className="labels" aria-label={name}>
      {entries.map(([k, v]) => (
        <li key={k} className="label-chip">
          <span className="lk">{k}</span>
          {v !== '' ? <span className="lv">={v}</span> : null}
        </li>
      ))}
    </ul>
  );
}
