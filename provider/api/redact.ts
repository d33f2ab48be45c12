/** Removes secrets from text before it reaches an error message or a log line. */

/** What replaces a secret. */
export const REDACTED = "[redacted]";

/** Secrets shorter than this are not searched for: replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 6;

/** Credential-shaped fragments that are hidden even when the secret itself is unknown. */
const CREDENTIAL_PATTERNS: readonly { pattern: RegExp; replacement: string }[] = [
  { pattern: /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, replacement: `$1 ${REDACTED}` },
  { pattern: /\b(access_token|refresh_token|client_secret|app_secret)(["']?\s*[:=]\s*["']?)[^"'&\s,}]+/gi, replacement: `$1$2${REDACTED}` },
  { pattern: /\bpina_[A-Za-z0-9_-]+/g, replacement: REDACTED },
];

/**
 * Returns `text` with every occurrence of the given secrets (and of anything shaped like a
 * bearer/basic credential or a token field) replaced by {@link REDACTED}.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  const known = secrets.filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  for (const secret of known) result = result.split(secret).join(REDACTED);
  for (const { pattern, replacement } of CREDENTIAL_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}
