/** Shown while files are dragged over the window. */
export function DropOverlay({ active }: { readonly active: boolean }) {
  if (!active) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-box">
        <strong>Drop files to load them</strong>
        <span>YAML, JSON, Hubble flow lines, or .gz of these. They replace what is shown.</span>
      </div>
    </div>
  );
}
