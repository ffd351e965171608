import { useTranslation } from 'react-i18next';
import type { SecretStore } from '../../../shared/credentials';

/** Where a registry secret lives, in words: Dockside's keychain item, another helper, or (flagged) config.json itself. */
export function StoreName({ store }: { store: SecretStore }) {
  const { t } = useTranslation();
  if (store.source === 'plaintext' || store.helper === null) return <span className="badge bad">{t('store.plaintext')}</span>;
  if (store.source === 'dockside') return <>{t('store.dockside')}</>;
  return <>{t(store.source === 'credHelpers' ? 'store.credHelpers' : 'store.credsStore', { helper: store.helper })}</>;
}
