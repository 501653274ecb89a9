// Where the bot's token may go: a stored serviceUrl is contacted only if its host is allow-listed.
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The allow-list rule for a stored serviceUrl: exact host; https, or http to a loopback host. */
export function checkServiceUrl(serviceUrl: string, allowedHosts: readonly string[]): { ok: true } | { ok: false; host: string; reason: string } {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return { ok: false, host: 'unparsable', reason: 'unparsable' };
  }
  const host = url.hostname.toLowerCase();
  if (url.username || url.password) return { ok: false, host, reason: 'credentials_in_url' };
  if (!allowedHosts.includes(host)) return { ok: false, host, reason: 'host_not_allowed' };
  if (url.protocol === 'https:') return { ok: true };
  if (url.protocol === 'http:' && LOOPBACK.has(host)) return { ok: true };
  return { ok: false, host, reason: 'scheme_not_allowed' };
}
