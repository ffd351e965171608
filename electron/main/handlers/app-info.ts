import { type AppInfo, AppInfoSchema } from '../../../shared/app-info';

/** What the composition root knows about the running app (from Electron's `app`, or the test bridge). */
export interface AppInfoSource {
  name: string;
  version: string;
  platform: string;
  arch: string;
}

/** The app's facts and the OS's preferred languages, for the renderer's first language. */
export async function appInfo(source: AppInfoSource & { languages: readonly string[] }): Promise<AppInfo> {
  return AppInfoSchema.parse(source);
}
