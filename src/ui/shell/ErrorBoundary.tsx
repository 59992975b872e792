import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  readonly children: ReactNode;
  /** Extra lines for the copied report (what was loaded). */
  readonly context: string;
}

interface State {
  readonly error: Error | null;
  readonly stack: string;
  readonly copied: boolean;
}

/** Keeps the app (and the loaded data, held above) alive when a panel throws while rendering. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, stack: '', copied: false };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)), copied: false };
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
              void navigator.clipboard?.writeText(this.report()).then(() => this.setState({ copied: true }));
            }}
          >
            {copied ? 'Report copied' : 'Copy error report'}
          </button>
          <button type="button" className="btn primary" onClick={() => this.setState({ error: null, stack: '' })}>
            Try again
          </button>
        </div>
      </div>
    );
  }
}
