/**
 * Issue 19, item 1: a refused token's advice says where the token came from. The settings record whether the
 * credentials came from the stack configuration or the environment; the 401 advice follows: for the stack
 * configuration it names the recorded-configuration trap of refreshes and `pulumi refresh --run-program`.
 */
import { clientOptionsFromEnv } from "../../provider/api/config";
import { failureMessage } from "../../provider/api/messages";
import { resolveSettings } from "../../provider/plugin/settings";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("where the credentials came from", () => {
  test("an access token in the stack configuration wins over the environment, and is named as such", () => {
    const settings = resolveSettings(config({ "pinterest:accessToken": "a" }), { PINTEREST_ACCESS_TOKEN: "b" });
    expect(settings).toMatchObject({ accessToken: "a", credentialOrigin: "stack configuration" });
  });

  test("an access token from the environment alone", () => {
    expect(resolveSettings(config({}), { PINTEREST_ACCESS_TOKEN: "b" })).toMatchObject({ accessToken: "b", credentialOrigin: "environment" });
  });

  test("the access token's origin comes first; a refresh token alone names its own", () => {
    expect(resolveSettings(config({ "pinterest:refreshToken": "r" }), { PINTEREST_ACCESS_TOKEN: "b" }).credentialOrigin).toBe("environment");
    expect(resolveSettings(config({ "pinterest:refreshToken": "r" }), {}).credentialOrigin).toBe("stack configuration");
  });

  test("no credentials: no origin; the command-line tool's environment is the environment", () => {
    expect(resolveSettings(config({}), {}).credentialOrigin).toBeUndefined();
    expect(clientOptionsFromEnv({ PINTEREST_ACCESS_TOKEN: "b" }).credentialOrigin).toBe("environment");
    expect(clientOptionsFromEnv({}).credentialOrigin).toBeUndefined();
  });
});

describe("the advice of a 401", () => {
  const facts = { operation: "audiences/list", kind: "http" as const, status: 401, attempts: 1, ambiguous: false, adAccountId: "549755885175" };

  test("from the stack configuration: the recorded configuration of refreshes, and the way out", () => {
    const message = failureMessage({ ...facts, credentialOrigin: "stack configuration" });
    expect(message).toMatch(/came from the stack configuration \(pinterest:accessToken or pinterest:refreshToken\)/);
    expect(message).toMatch(/configuration recorded at the last update/);
    expect(message).toMatch(/`pulumi refresh --run-program` or `pulumi up` once/);
  });

  test("from the environment: names the variables, not the recorded configuration", () => {
    const message = failureMessage({ ...facts, credentialOrigin: "environment" });
    expect(message).toMatch(/came from the environment \(PINTEREST_ACCESS_TOKEN or PINTEREST_REFRESH_ACCESS_TOKEN\)/);
    expect(message).not.toMatch(/run-program/);
  });

  test("unknown origin: how to set a token either way", () => {
    const message = failureMessage(facts);
    expect(message).toMatch(/invalid or expired\. Set a new one with `pulumi config set --secret pinterest:accessToken …` or PINTEREST_ACCESS_TOKEN/);
  });
});
