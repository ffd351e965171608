import { type Language, pickLanguage } from '../../../shared/i18n/languages';
import { loadCatalog } from '../../../shared/i18n/load-catalog';
import type { Translate } from '../../../shared/i18n/translate';
import { createTranslator } from '../../core/i18n/translator';
import type { Plan } from '../../../shared/plan';
import type { ChangeItem } from '../../../shared/setup';

/**
 * The question main asks before it applies a change, rendered in the user's language (a native
 * dialog shows text, not codes): what the change touches, item by item, from the change main
 * planned and keeps (never text the renderer sent).
 */
export interface ChangeConfirmation {
  language: Language;
  title: string;
  message: string;
  detail: string;
  /** The button that applies; the other one (the default, and Escape) cancels. */
  apply: string;
  cancel: string;
}

type FileItem = Extract<ChangeItem, { kind: 'file' }>;
type KeychainItem = Extract<ChangeItem, { kind: 'keychain' }>;

/** Where the password will be kept and why, as the sentence that says it (`desktop.confirm.keychain.*`). */
function keychainLine(item: KeychainItem, t: Translate): string {
  const { store } = item;
  const line = storeLine(item, t);
  return store.reason ? t('desktop.confirm.keychain.because', { line, reason: t(store.reason.code, store.reason.params) }) : line;
}

function storeLine({ username, registry, store }: KeychainItem, t: Translate): string {
  if (store.source === 'plaintext' || store.helper === null) return t('desktop.confirm.keychain.plaintext', { username, registry });
  if (store.source === 'dockside') return t('desktop.confirm.keychain.dockside', { username, registry });
  if (store.source === 'native') return t('desktop.confirm.keychain.native', { username, registry, helper: store.helper });
  return t('desktop.confirm.keychain.helper', { username, registry, helper: store.helper });
}

/** At most this many changed lines of one file are quoted; the window shows the whole diff. */
const MAX_QUOTED_LINES = 12;

/**
 * The lines the change adds or removes in one file, from main's own diff of it (GNU `diff -u`):
 * only the `+`/`-` lines of that file's section, no context, no headers.
 */
export function changedLines(diff: string, path: string): string[] {
  const lines: string[] = [];
  let before: string | null = null;
  let current: string | null = null;
  for (const text of diff.split('\n')) {
    if (text.startsWith('--- ')) {
      before = text.slice(4);
      current = null;
    } else if (text.startsWith('+++ ') && before !== null) {
      const after = text.slice(4);
      current = after === '/dev/null' ? before : after;
      before = null;
    } else if (current === path && (text.startsWith('+') || text.startsWith('-'))) {
      lines.push(text);
    }
  }
  return lines;
}

function quoted(lines: readonly string[]): string[] {
  const shown = lines.slice(0, MAX_QUOTED_LINES).map((text) => `    ${text}`);
  return lines.length > MAX_QUOTED_LINES ? [...shown, '    …'] : shown;
}

function line(item: ChangeItem, t: Translate): string {
  switch (item.kind) {
    case 'file':
      return t('desktop.confirm.file-line', {
        what: t(`desktop.confirm.file.${item.role}.${item.action}` satisfies `desktop.confirm.file.${FileItem['role']}.${FileItem['action']}`),
        path: item.path,
        who: t(item.elevated ? 'desktop.confirm.as-admin' : 'desktop.confirm.as-user'),
      });
    case 'keychain':
      return keychainLine(item, t);
    case 'engine':
      return t(`desktop.confirm.engine.${item.action}`);
    case 'verify':
      return t('desktop.confirm.verify', { mirrors: item.expected.mirrors.join(', ') || '—', insecure: item.expected.insecureRegistries.join(', ') || '—' });
  }
}

/** The language main asks in: the one the renderer names with the apply (the user's), else the OS's first with a catalog. */
export function languageOf(requested: Language | undefined, systemLanguages: readonly string[]): Language {
  return requested ?? pickLanguage(systemLanguages);
}

/** Whether the plan makes the OS trust store hold a CA: every program then trusts it for every website. */
function trustsOsStore(plan: Plan | null | undefined): boolean {
  return plan?.steps.some((step) => step.type === 'verify-os-trust' && step.trusted) === true;
}

/**
 * The confirmation of a change main keeps: one line per item (under daemon.json, the lines it
 * changes: the mirrors and insecure registries), then whether an administrator password will be
 * asked. A plan that puts a CA in the OS trust store (from the Trust screen, a profile or a deep
 * link alike) gets a question of its own: it says the CA will be trusted for every website.
 */
export async function confirmationOf(change: { items: readonly ChangeItem[]; diff: string; plan?: Plan | null }, language: Language): Promise<ChangeConfirmation> {
  const t = createTranslator(language, await loadCatalog(language));
  const elevated = change.items.some((item) => item.kind === 'file' && item.elevated);
  const lines = change.items.flatMap((item) => [
    `• ${line(item, t)}`,
    ...(item.kind === 'file' && item.role === 'daemon-json' ? quoted(changedLines(change.diff, item.path)) : []),
  ]);
  const everyWebsite = trustsOsStore(change.plan);
  const detail = [...(everyWebsite ? [t('desktop.confirm.os-store.detail'), ''] : []), ...lines, '', t(elevated ? 'desktop.confirm.password' : 'desktop.confirm.no-password')].join('\n');
  return {
    language,
    title: t(everyWebsite ? 'desktop.confirm.os-store.title' : 'desktop.confirm.title'),
    message: t(everyWebsite ? 'desktop.confirm.os-store.message' : 'desktop.confirm.message'),
    detail,
    apply: t('desktop.confirm.apply'),
    cancel: t('desktop.confirm.cancel'),
  };
}
