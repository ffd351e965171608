/** The dashboard's words in English (the Chinese in dashboard-zh-CN.ts must have the same keys). */
export const dashboardEn = {
  heading: 'Dashboard',
};
