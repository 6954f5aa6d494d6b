import type { MouseEvent, ReactNode } from 'react';
import { navigate } from './router.js';

interface LinkProps {
  to: string;
  children: ReactNode;
  className?: string;
  testId?: string;
  title?: string;
}

/** A real link (open in a new tab works) that navigates in place on a plain click, adding a history entry. */
export function Link({ to, children, className, testId, title }: LinkProps) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className} data-testid={testId} title={title}>
      {children}
    </a>
  );
}
