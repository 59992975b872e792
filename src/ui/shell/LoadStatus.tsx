import type { LoadFailure } from '../../workers/loadClient.ts';
import type { LoadProgress } from '../../workers/protocol.ts';
import { plural } from '../../core/util/plural.ts';
import { formatBytes } from '../state/summary.ts';

interface LoadStatusProps {
  readonly progress: LoadProgress | null;
  readonly pendingLabel: string | null;
  readonly failure: LoadFailure | null;
  /** Label of the data still shown, to say what the user is looking at after a failure. */
  readonly shownLabel: string;
  readonly onCancel: () => void;
  readonly onDismiss: () => void;
}

const PHASE_TEXT: Record<LoadProgress['phase'], string> = { reading: 'Reading', parsing: 'Parsing', analysing: 'Evaluating policies for' };

/** Progress of the running load with Cancel, or why the last load did not replace the data. */
export function LoadStatus({ progress, pendingLabel, failure, shownLabel, onCancel, onDismiss }: LoadStatusProps) {
  if (progress) {
    const reading = progress.phase === 'reading';
    return (
      <div className="loadbar" role="status" data-testid="load-status" data-phase={progress.phase}>
        <span className="loadbar-text">
          {PHASE_TEXT[progress.phase]} {pendingLabel ?? ''}
          {reading && progress.bytesTotal > 0 ? (
            <span data-testid="load-bytes">{` · ${formatBytes(progress.bytesRead)} of ${formatBytes(progress.bytesTotal)}`}</span>
          ) : null}
          {progress.flows > 0 ? (
            <span data-testid="load-flows">{` · ${plural(progress.flows, 'flow')} (${progress.flowsPerSecond.toLocaleString('en-US')} flows/s)`}</span>
          ) : null}
          {reading && progress.file ? ` · ${progress.file}` : ''}
        </span>
        <progress
          data-testid="load-progress"
          aria-label="Loading progress"
          max={reading && progress.bytesTotal > 0 ? progress.bytesTotal : undefined}
          value={reading && progress.bytesTotal > 0 ? progress.bytesRead : undefined}
        />
        <button type="button" className="btn small" onClick={onCancel} data-testid="load-cancel">
          Cancel
        </button>
      </div>
    );
  }
  if (failure) {
    const cancelled = failure.kind === 'cancelled';
    const kept = shownLabel ? ` Still showing: ${shownLabel}.` : '';
    return (
      <div className={`loadbar ${cancelled ? 'notice' : 'failure'}`} role={cancelled ? 'status' : 'alert'} data-testid="load-error" data-kind={failure.kind}>
        <span className="loadbar-text">
          {cancelled ? 'Loading cancelled.' : failure.kind === 'crashed' ? 'The loader crashed: ' : 'Loading failed: '}
          {cancelled ? '' : failure.message}
          {kept}
        </span>
        <button type="button" className="btn small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  return null;
}
