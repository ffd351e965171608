import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../ErrorPanel';
import type { Loadable } from '../store/loadable';

/** A section's data: "Reading…" first, the error with a retry when it failed, else the content. */
export function Loaded<T>({ value, retry, children }: { value: Loadable<T>; retry: () => void; children: (value: T) => ReactNode }) {
  const { t } = useTranslation();
  if (value.status === 'ready') return <>{children(value.value)}</>;
  if (value.status === 'failed') return <ErrorPanel error={value.error} onRetry={retry} />;
  return <p className="muted">{t('dashboard.loading')}</p>;
}

/** A list of values in code, or "None". */
export function CodeList({ values }: { values: readonly string[] }) {
  const { t } = useTranslation();
  if (values.length === 0) return <span className="muted">{t('dashboard.none')}</span>;
  return (
    <ul className="plain">
      {values.map((value) => (
        <li key={value}>
          <code className="inline">{value}</code>
        </li>
      ))}
    </ul>
  );
}
