import { useTranslation } from 'react-i18next';
import type { SecretStore } from '../../../shared/credentials';

/** Where a registry secret lives, in words: Dockside's keychain item, the platform's helper, another helper, or (flagged) config.json itself; and why, when it was chosen just now. */
export function StoreName({ store }: { store: SecretStore }) {
  const { t } = useTranslation();
  if (store.source === 'plaintext' || store.helper === null) return <span className="badge bad">{t('store.plaintext')}</span>;
  const name =
    store.source === 'dockside'
      ? t('store.dockside')
      : store.source === 'native'
        ? t('store.native', { helper: store.helper })
        : t(store.source === 'credHelpers' ? 'store.credHelpers' : 'store.credsStore', { helper: store.helper });
  if (!store.reason) return <>{name}</>;
  return (
    <>
      {name} <span className="muted">{t('store.reason', { reason: t(store.reason.code, store.reason.params) })}</span>
    </>
  );
}
