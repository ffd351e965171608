import { useTranslation } from 'react-i18next';
import type { ChangeItem } from '../../../shared/setup';
import { CaSummary } from '../trust/CaSummary';
import { StoreName } from './StoreName';

/** Every file, keychain item and engine action of a change, in the user's language, in the order they happen. */
export function ChangeList({ items, testId }: { items: readonly ChangeItem[]; testId?: string }) {
  const { t } = useTranslation();
  return (
    <ol className="changes" data-testid={testId}>
      {items.map((item, index) => (
        <li key={index}>
          <ChangeLine item={item} />
        </li>
      ))}
    </ol>
  );
  function ChangeLine({ item }: { item: ChangeItem }) {
    switch (item.kind) {
      case 'file':
        return (
          <>
            {t(`changes.file.${item.role}.${item.action}`)} <code>{item.path}</code>{' '}
            <span className={item.elevated ? 'badge warn' : 'badge'}>{t(item.elevated ? 'changes.admin' : 'changes.user')}</span>
            {item.ca && <CaSummary certificates={item.ca} />}
          </>
        );
      case 'keychain':
        return (
          <>
            {t('changes.keychain', { username: item.username, registry: item.registry })} <StoreName store={item.store} />
          </>
        );
      case 'engine':
        return <>{t(`changes.engine.${item.action}`)}</>;
      case 'verify':
        return <>{t('changes.verify', { mirrors: item.expected.mirrors.join(', ') || '—', insecure: item.expected.insecureRegistries.join(', ') || '—' })}</>;
    }
  }
}
