import type { ReactNode } from 'react';

/** The page title (focused after navigation, so keyboard and screen-reader users land on it) and a lead line. */
export function PageHeader({
  title,
  lead,
  children,
}: {
  title: string;
  lead?: string;
  children?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div className="page-header-text">
        <h1 tabIndex={-1} className="page-title">
          {title}
        </h1>
        {lead && <p className="page-lead">{lead}</p>}
      </div>
      {children && <div className="page-header-actions">{children}</div>}
    </header>
  );
}
