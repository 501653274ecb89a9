// Why a request failed authentication, as a fixed reason code. The library's error messages quote
// token claims an attacker chose (an `aud` with a line break forges log lines), so only the code is
// ever logged or audited — never the message.
export const AUTH_REASONS = [
  'token_missing',
  'token_malformed',
  'token_expired',
  'token_not_yet_valid',
  'signature_invalid',
  'signing_key_unknown',
  'keys_unavailable',
  'algorithm_refused',
  'endorsement_missing',
  'audience_invalid',
  'issuer_invalid',
  'service_url_mismatch',
  'unauthorized',
] as const;
export type AuthReason = (typeof AUTH_REASONS)[number];

/** Fixed substrings of botframework-connector's and jsonwebtoken's messages → reason code (first match wins). */
const BY_MESSAGE: [string, AuthReason][] = [
  ['token has expired', 'token_expired'],
  ['jwt expired', 'token_expired'],
  ['jwt not active', 'token_not_yet_valid'],
  ['jwt malformed', 'token_malformed'],
  ['invalid token', 'token_malformed'],
  ['jwt must be provided', 'token_missing'],
  ['invalid signature', 'signature_invalid'],
  ['signing key could not be retrieved', 'signing_key_unknown'],
  ['failed to load', 'keys_unavailable'],
  ['not in allowed list', 'algorithm_refused'],
  ['endorsement', 'endorsement_missing'],
  ['invalid appid', 'audience_invalid'],
  ['audience', 'audience_invalid'],
  ['issuer', 'issuer_invalid'],
  ['serviceurl', 'service_url_mismatch'],
  ['request is not authorized', 'token_missing'],
];

export function authFailureReason(err: unknown, hadAuthorizationHeader: boolean): AuthReason {
  const message = err instanceof Error ? err.message.slice(0, 500).toLowerCase() : '';
  const name = err instanceof Error ? err.name : '';
  if (name === 'TokenExpiredError') return 'token_expired';
  if (name === 'NotBeforeError') return 'token_not_yet_valid';
  for (const [needle, reason] of BY_MESSAGE) {
    if (message.includes(needle)) return reason === 'token_missing' && hadAuthorizationHeader ? 'unauthorized' : reason;
  }
  return hadAuthorizationHeader ? 'unauthorized' : 'token_missing';
}
