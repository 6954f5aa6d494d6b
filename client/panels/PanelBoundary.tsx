import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useMessages } from '../i18n/use-messages.js';

/** A failed panel tries again after this long: the data that broke it has usually been replaced by then. */
const RETRY_AFTER_MS = 10_000;

interface Props {
  /** For the warning in the console. */
  name: string;
  /** The panel's grid area class, so the notice takes the panel's place. */
  className?: string;
  children: ReactNode;
}

function PanelFailed({ className }: { className?: string }) {
  const t = useMessages();
  return (
    <section className={className ? `panel panel-failed ${className}` : 'panel panel-failed'} role="note">
      <div className="panel-empty">{t.panelError}</div>
    </section>
  );
}

/**
 * Around every panel: a render error in one tile shows a small notice in its place and retries, instead of
 * unmounting the whole wall (a white screen in a command centre). Warns, not errors: the wall itself is fine.
 */
export class PanelBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };
  private retry: ReturnType<typeof setTimeout> | undefined;

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.warn(`[wall] panel ${this.props.name} failed; retrying in ${RETRY_AFTER_MS / 1000} s:`, error, info.componentStack);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.setState({ failed: false }), RETRY_AFTER_MS);
  }

  override componentWillUnmount(): void {
    clearTimeout(this.retry);
  }

  override render(): ReactNode {
    return this.state.failed ? <PanelFailed className={this.props.className} /> : this.props.children;
  }
}
