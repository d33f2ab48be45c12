/**
 * Issue 19, item 9: credentials kept in plain text in the stack configuration get a warning naming the risk and the
 * way out, once per program run; secrets, credentials from the environment and programs whose environment does not
 * say (Automation API inline programs) get none.
 */
import { plaintextCredentialKeys, plaintextWarning } from "../../provider/plugin/plaintext-credentials";

const env = (config: Record<string, string>, secretKeys: string[] | undefined): NodeJS.ProcessEnv => ({
  PULUMI_CONFIG: JSON.stringify(config),
  ...(secretKeys ? { PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys) } : {}),
});

test("a credential not among the secret keys is plain text; each credential key is looked at", () => {
  const config = {
    "pinterest:accessToken": "pina_x",
    "pinterest:refreshToken": "pinr_y",
    "pinterest:appSecret": "s",
    "pinterest:appId": "1",
    "pinterest:apiUrl": "u",
  };
  expect(plaintextCredentialKeys(env(config, []))).toEqual(["pinterest:accessToken", "pinterest:refreshToken", "pinterest:appSecret"]);
  expect(plaintextCredentialKeys(env(config, ["pinterest:accessToken", "pinterest:refreshToken"]))).toEqual(["pinterest:appSecret"]);
  expect(plaintextCredentialKeys(env(config, ["pinterest:accessToken", "pinterest:refreshToken", "pinterest:appSecret"]))).toEqual([]);
});

test("keys as the language host writes them (`pinterest:config:accessToken`) are read as their short form", () => {
  const config = { "pinterest:config:accessToken": "pina_x", "pinterest:config:appSecret": "s" };
  expect(plaintextCredentialKeys(env(config, ["pinterest:appSecret"]))).toEqual(["pinterest:accessToken"]);
  expect(plaintextCredentialKeys(env(config, ["pinterest:appSecret", "pinterest:accessToken"]))).toEqual([]);
});

test("nothing to say: no credential in the configuration, an empty one, or an environment that does not tell", () => {
  expect(plaintextCredentialKeys(env({ "pinterest:apiUrl": "u", "pinterest:appId": "1" }, []))).toEqual([]);
  expect(plaintextCredentialKeys(env({ "pinterest:accessToken": "" }, []))).toEqual([]);
  expect(plaintextCredentialKeys(env({ "pinterest:accessToken": "pina_x" }, undefined))).toEqual([]);
  expect(plaintextCredentialKeys({})).toEqual([]);
  expect(plaintextCredentialKeys({ PULUMI_CONFIG: "{not json", PULUMI_CONFIG_SECRET_KEYS: "[]" })).toEqual([]);
  expect(plaintextCredentialKeys({ PULUMI_CONFIG: "[]", PULUMI_CONFIG_SECRET_KEYS: "[]" })).toEqual([]);
  expect(plaintextCredentialKeys({ PULUMI_CONFIG: JSON.stringify({ "pinterest:accessToken": "x" }), PULUMI_CONFIG_SECRET_KEYS: "{}" })).toEqual([]);
});

test("the warning names the keys, the risk and the command that encrypts the first; it never holds a value", () => {
  expect(plaintextWarning(["pinterest:accessToken"])).toBe(
    "pinterest:accessToken is stored in plain text in this stack's configuration (Pulumi.<stack>.yaml): anyone who can read that file, " +
      "or the repository it is committed to, can use it. Store it encrypted with `pulumi config set --secret pinterest:accessToken <value>`, " +
      'or give it in the environment instead (see the README, "Configuration and environment").',
  );
  expect(plaintextWarning(["pinterest:accessToken", "pinterest:appSecret"])).toMatch(
    /^pinterest:accessToken, pinterest:appSecret are stored in plain text/,
  );
});

test("warned once per program run, through the warn function given", () => {
  jest.isolateModules(() => {
    const { warnOfPlaintextCredentials } =
      require("../../provider/plugin/plaintext-credentials") as typeof import("../../provider/plugin/plaintext-credentials");
    const warnings: string[] = [];
    const plaintext = env({ "pinterest:accessToken": "pina_secret_value" }, []);
    warnOfPlaintextCredentials((message) => warnings.push(message), plaintext);
    warnOfPlaintextCredentials((message) => warnings.push(message), plaintext);
    expect(warnings).toEqual([plaintextWarning(["pinterest:accessToken"])]);
    expect(warnings.join()).not.toContain("pina_secret_value");
  });
  jest.isolateModules(() => {
    const { warnOfPlaintextCredentials } =
      require("../../provider/plugin/plaintext-credentials") as typeof import("../../provider/plugin/plaintext-credentials");
    const warnings: string[] = [];
    warnOfPlaintextCredentials((message) => warnings.push(message), env({ "pinterest:accessToken": "x" }, ["pinterest:accessToken"]));
    expect(warnings).toEqual([]);
  });
});
