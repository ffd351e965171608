import { type AppInfo, AppInfoSchema } from '../../../shared/app-info';

/** What the composition root knows about the running app (from Electron's `app`, or the test bridge). */
export interface AppInfoSource {
  name: string;
  version: string;
  platform: string;
  arch: string;
}

export async function appInfo(source: AppInfoSource): Promise<AppInfo> {
  return AppInfoSchema.parse(source);
}
