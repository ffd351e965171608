import type { dashboardEn } from './dashboard-en';

/** The dashboard's words in Simplified Chinese. */
export const dashboardZhCN: { [K in keyof typeof dashboardEn]: (typeof dashboardEn)[K] extends string ? string : never } = {
  heading: '概览',
};
