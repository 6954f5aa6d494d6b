import type { ReactNode } from 'react';

interface DrillPanelProps {
  title: string;
  children: ReactNode;
  className?: string;
  testId?: string;
  /** Controls on the title bar's right (a select, a toggle). */
  tools?: ReactNode;
}

/** The wall's framed panel, sized for a laptop or tablet: normal flow, scrolls with the page. */
export function DrillPanel({ title, children, className, testId, tools }: DrillPanelProps) {
  return (
    <section className={className ? `dpanel ${className}` : 'dpanel'} data-testid={testId} aria-label={title}>
      <header className="dpanel-title">
        <h2>{title}</h2>
        {tools && <div className="dpanel-tools">{tools}</div>}
      </header>
      <div className="dpanel-body">{children}</div>
    </section>
  );
}
