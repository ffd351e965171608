import { useTranslation } from 'react-i18next';
import type { ProbeResult } from '../../../shared/mirrors';

/** A probe result's verdict, then what timing it found (or why it did not), in the user's language. */
export function Verdict({ result }: { result: ProbeResult }) {
  const { t } = useTranslation();
  return <>{[result.reason, ...(result.timing ?? [])].map((m) => t(m.code, m.params)).join(' ')}</>;
}
