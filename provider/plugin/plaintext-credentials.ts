/**
 * A warning, in the program, for credentials kept in plain text in the stack configuration
 * (`pulumi config set pinterest:accessToken … --plaintext`, or a value written into `Pulumi.<stack>.yaml` by hand):
 * anyone who can read that file, or the repository it is committed to, can use them.
 *
 * The language host hands the program its configuration and the keys that were secrets in the environment variables
 * `PULUMI_CONFIG` and `PULUMI_CONFIG_SECRET_KEYS`; when either is missing (an Automation API inline program), nothing
 * can be told and nothing is said. Warned once per program run.
 */
import { CONFIG_KEYS } from "../api/config";

/** The configuration keys that hold credentials. */
const CREDENTIAL_KEYS = [CONFIG_KEYS.accessToken, CONFIG_KEYS.refreshToken, CONFIG_KEYS.appSecret];

let warned = false;

/**
 * The credential keys the stack configuration holds in plain text, from the program's environment; empty when there
 * are none or when the environment does not say.
 */
export function plaintextCredentialKeys(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = parseObject(env.PULUMI_CONFIG);
  const secretKeys = parseArray(env.PULUMI_CONFIG_SECRET_KEYS);
  if (!raw || !secretKeys) return [];
  // The language host writes keys as `pinterest:config:accessToken`; the secret keys as `pinterest:accessToken`.
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) config[key.replace(/^([^:]+):config:/, "$1:")] = value;
  return CREDENTIAL_KEYS.filter((key) => typeof config[key] === "string" && config[key] !== "" && !secretKeys.includes(key));
}

/** What the warning says of `keys`. */
export function plaintextWarning(keys: readonly string[]): string {
  const [first] = keys;
  return (
    `${keys.join(", ")} ${keys.length === 1 ? "is" : "are"} stored in plain text in this stack's configuration (Pulumi.<stack>.yaml): ` +
    "anyone who can read that file, or the repository it is committed to, can use it. Store it encrypted with " +
    `\`pulumi config set --secret ${first} <value>\`, or give it in the environment instead (see the README, "Configuration and environment").`
  );
}

/** Warns through `warn` (Pulumi's program log) once per program run when credentials are in plain text. */
export function warnOfPlaintextCredentials(warn: (message: string) => unknown, env: NodeJS.ProcessEnv = process.env): void {
  if (warned) return;
  warned = true;
  const keys = plaintextCredentialKeys(env);
  if (keys.length > 0) void warn(plaintextWarning(keys));
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = text ? JSON.parse(text) : undefined;
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function parseArray(text: string | undefined): unknown[] | undefined {
  try {
    const value: unknown = text ? JSON.parse(text) : undefined;
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
