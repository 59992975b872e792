import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  readonly children: ReactNode;
  /** Extra lines for the copied report (what was loaded). */
  readonly context: string;
}

interface State {
  readonly error: Error | null;
  readonly stack: string;
  /** Whether the report went to the clipboard; `failed` shows it for selecting by hand. */
  readonly copied: 'no' | 'yes' | 'failed';
}

/** Keeps the app (and the loaded data, held above) alive when a panel throws while rendering. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, stack: '', copied: 'no' };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)), copied: 'no' };
  }

  override componentDidCatch(_error: unknown, info: ErrorInfo): void {
    this.setState({ stack: info.componentStack ?? '' });
  }

  private report(): string {
    const e = this.state.error;
    return [`netpol-viz error report`, `error: ${e?.name}: ${e?.message}`, `loaded: ${this.props.context}`, `user agent: ${navigator.userAgent}`, `component stack:${this.state.stack}`].join('\n');
  }

  override render() {
    const { error, copied } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="crash" role="alert" data-testid="render-error">
        <h2>This view failed to display</h2>
        <p>
          The loaded data is kept. Error: <code>{error.message}</code>
        </p>
        <div className="dialog-actions">
          <button
            type="button"
            className="btn"
            onClick={() => {
              const copy = navigator.clipboard?.writeText(this.report()) ?? Promise.reject(new Error('no clipboard'));
              copy.then(
                () => this.setState({ copied: 'yes' }),
                () => this.setState({ copied: 'failed' }),
              );
            }}
            data-testid="render-error-copy"
          >
            {copied === 'yes' ? 'Report copied' : 'Copy error report'}
          </button>
          <button type="button" className="btn primary" onClick={() => this.setState({ error: null, stack: '' })} data-testid="render-error-retry">
            Try again
          </button>
        </div>
        <p className="visually-hidden" role="status">
          {copied === 'yes' ? 'The error report is on the clipboard.' : ''}
        </p>
        {copied === 'failed' ? (
          <label className="crash-report">
            The browser refused clipboard access: select the report below and copy it.
            <textarea readOnly rows={8} value={this.report()} data-testid="render-error-report" />
          </label>
        ) : null}
      </div>
    );
  }
}
