import { Fragment } from 'react';
import { Link } from './Link.js';
import { scopePath } from './router.js';
import { scopeChain } from '../../shared/scope.js';
import type { ScopeNames } from './geo-cache.js';

interface BreadcrumbsProps {
  scope: string;
  names: ScopeNames;
  /** A last, unlinked crumb after the scope (the ticket on a ticket page). */
  tail?: string;
}

/** District › town › village › cell: every level above the current one is a link up the stack. */
export function Breadcrumbs({ scope, names, tail }: BreadcrumbsProps) {
  const chain = scopeChain(scope);
  return (
    <nav className="dcrumbs" aria-label="breadcrumb" data-testid="breadcrumbs">
      {chain.map((id, i) => {
        const name = names.get(id) ?? id;
        const last = i === chain.length - 1 && !tail;
        return (
          <Fragment key={id}>
            {i > 0 && <span className="dcrumbs-sep" aria-hidden>›</span>}
            {last ? <span aria-current="page">{name}</span> : <Link to={scopePath(id)}>{name}</Link>}
          </Fragment>
        );
      })}
      {tail && (
        <>
          <span className="dcrumbs-sep" aria-hidden>›</span>
          <span aria-current="page">{tail}</span>
        </>
      )}
    </nav>
  );
}
