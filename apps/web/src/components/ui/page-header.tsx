import type { ReactNode } from 'react';

/** A page's heading with the actions that belong to the whole page. */
export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="muted subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="button-row">{actions}</div>}
    </div>
  );
}
