import type { ReactNode } from 'react';

interface PanelProps {
  title: string;
  testId: string;
  className?: string;
  /** Small text at the right of the title bar, e.g. the measure or a data note. */
  note?: ReactNode;
  /** Controls in the title bar (the map's measure switch). */
  actions?: ReactNode;
  /** Extra attributes tests and monitoring read (data-cells on the map). */
  data?: Record<`data-${string}`, string | number>;
  children: ReactNode;
}

/** A wall tile: glowing frame with corner marks, a title bar, and a body that charts fill. */
export function Panel({ title, testId, className, note, actions, data, children }: PanelProps) {
  return (
    <section className={className ? `panel ${className}` : 'panel'} data-testid={testId} aria-label={title} {...data}>
      <span className="panel-corner tl" aria-hidden />
      <span className="panel-corner tr" aria-hidden />
      <span className="panel-corner bl" aria-hidden />
      <span className="panel-corner br" aria-hidden />
      <header className="panel-title">
        <h2>{title}</h2>
        {actions}
        {note != null && <span className="panel-note">{note}</span>}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
