import type { ReactNode } from 'react';

import { Icon, type IconName } from '../../components/Icon';

interface CheckCardProps {
  title: string;
  icon: IconName;
  /** 'unknown': Kairn could not look, so it neither reassures nor warns. */
  tone: 'ok' | 'warn' | 'unknown';
  testId: string;
  action?: { href: string; label: string };
  children: ReactNode;
}

/** One plain check on the hub: what it is, how it is, and at most one thing to do. */
export function CheckCard({ title, icon, tone, testId, action, children }: CheckCardProps) {
  return (
    <article className={`card check check-${tone}`} data-testid={testId} data-tone={tone}>
      <div className="check-icon" aria-hidden="true">
        <Icon name={icon} size={24} />
      </div>
      <div className="check-body">
        <h3 className="check-title">{title}</h3>
        {children}
        {action && (
          <a className="button" href={action.href}>
            {action.label}
          </a>
        )}
      </div>
    </article>
  );
}
