/**
 * redactSecrets, exactly: what each credential pattern leaves of the text (the credential gone, the words around it
 * kept), which known secrets are searched for, and that a secret containing another is hidden whole.
 */
import { REDACTED, redactSecrets } from "../../provider/api/redact";

describe("credential-shaped fragments are hidden even when the secret is unknown", () => {
  test.each<[string, string]>([
    ["Authorization: Bearer abc.def-123 sent", `Authorization: Bearer ${REDACTED} sent`],
    ["Authorization: bearer   abc.def-123", `Authorization: bearer ${REDACTED}`],
    ["Basic dXNlcjpwYXNz=, then", `Basic ${REDACTED}, then`],
    ['{"access_token":"tok-999999","scope":"ads:read"}', `{"access_token":"${REDACTED}","scope":"ads:read"}`],
    ["grant_type=refresh_token&refresh_token=r-777777&x=1", `grant_type=refresh_token&refresh_token=${REDACTED}&x=1`],
    ["client_secret : s3cr3t-value, app_secret= 'q'", `client_secret : ${REDACTED}, app_secret= '${REDACTED}'`],
    ["APP_SECRET=abc", `APP_SECRET=${REDACTED}`],
    ["token pina_XYZ-123_abc was refused", `token ${REDACTED} was refused`],
  ])("%j", (text, expected) => {
    expect(redactSecrets(text, [])).toBe(expected);
  });
});

describe("known secrets", () => {
  test("every occurrence is replaced, a secret of exactly the minimum length (6) included", () => {
    expect(redactSecrets("k9-x7z and again k9-x7z", ["k9-x7z"])).toBe(`${REDACTED} and again ${REDACTED}`);
  });

  test("a secret containing a shorter one is hidden whole, whatever order they are given in", () => {
    const secrets = ["abcdef", "abcdefghi", "abcdefghijkl"];
    expect(redactSecrets("1 abcdefghijkl 2 abcdefghi 3 abcdef", secrets)).toBe(`1 ${REDACTED} 2 ${REDACTED} 3 ${REDACTED}`);
  });

  test("secrets shorter than 6 characters and empty ones are not searched for, so ordinary text is not mangled", () => {
    expect(redactSecrets("a short note", ["short", "", undefined])).toBe("a short note");
  });
});
