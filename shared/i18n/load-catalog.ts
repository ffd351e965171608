import type { Catalog } from '../message';
import type { Language } from './languages';

/** Loads only the language asked for: each catalog is its own chunk in the renderer and the CLI. */
export async function loadCatalog(language: Language): Promise<Catalog> {
  if (language === 'zh-CN') return (await import('../locales/zh-CN')).zhCN;
  return (await import('../locales/en')).en;
}
