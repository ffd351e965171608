/**
 * The renderer's Content-Security-Policy: no inline script, no eval, no remote origin. The
 * build writes it into index.html as a meta tag (electron.vite.config.ts), which is what
 * applies to the file:// page Electron loads; the dev server runs without it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
