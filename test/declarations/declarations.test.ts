/**
 * Declaration files: loading YAML/JSON (never throwing, failures with file and line), resource names from file
 * names, duplicates, and the writers (YAML with an editor modeline, JSON with $schema, a TypeScript program).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import {
  type Declaration,
  type SharedWith,
  formatFailures,
  loadDeclarations,
  loadDeclarationsOrThrow,
  sharingArgs,
  toJson,
  toTypeScriptProgram,
  toYaml,
} from "../../provider/declarations";
import { validateDeclaration } from "../../provider/schema/validate";

const visitor: Declaration = {
  adAccountId: "549755885175",
  name: "Site visitors: 30 days",
  description: "Everyone who checked out",
  audienceType: "VISITOR",
  rule: { visitorSourceId: "2612345678901", retentionDays: 30, eventSource: { "=": ["web"] } },
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "declarations-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

test("a directory of valid YAML and JSON files loads in name order with resource names from the file names", () => {
  write("b-visitors.yaml", toYaml(visitor));
  write("a.list.json", toJson({ adAccountId: "1", name: "List", audienceType: "CUSTOMER_LIST", rule: { customerListId: "42" } }));
  write("notes.txt", "not a declaration");
  write(".hidden.yaml", "junk: [");
  const loaded = loadDeclarations(dir);
  expect(loaded.map((l) => [path.basename(l.file), l.resourceName, l.failures])).toEqual([
    ["a.list.json", "a.list", []],
    ["b-visitors.yaml", "b-visitors", []],
  ]);
  expect(loaded[1].declaration).toEqual(visitor);
  expect(loaded[0].declaration).not.toHaveProperty("$schema");
});

test("a YAML syntax error is a failure with its line, not an exception", () => {
  const file = write("broken.yaml", 'adAccountId: "1"\nname: x\nrule: [1,\n  b: 2\n');
  const [result] = loadDeclarations(file);
  expect(result.file).toBe(file);
  expect(result.failures).toHaveLength(1);
  expect(result.failures[0].reason).toMatch(/^not valid YAML/);
  expect(result.failures[0].line).toBeGreaterThanOrEqual(3);
});

test("a JSON syntax error names JSON", () => {
  const [result] = loadDeclarations(write("broken.json", '{"adAccountId": "1",\n  "name": "x",}'));
  expect(result.failures[0].reason).toMatch(/^not valid JSON/);
  expect(result.failures[0].line).toBe(2);
});

test("schema failures carry the property and the line of the offending value", () => {
  const text = toYaml({ ...visitor, rule: { ...visitor.rule, retentionDays: 9999 } });
  const [result] = loadDeclarations(write("too-long.yaml", text));
  const failure = result.failures.find((f) => f.property === "rule.retentionDays");
  expect(failure).toBeDefined();
  const expectedLine = text.split("\n").findIndex((l) => l.includes("retentionDays")) + 1;
  expect(failure?.line).toBe(expectedLine);
  expect(formatFailures([result])[0]).toMatch(new RegExp(`too-long\\.yaml:${expectedLine}: rule\\.retentionDays must be a number of days`));
});

test("a file name that is not a valid resource name is a failure", () => {
  const [result] = loadDeclarations(write("my audience!.yaml", toYaml(visitor)));
  expect(result.failures.map((f) => f.reason).join()).toMatch(/not a valid resource name/);
});

test("a missing path, an empty file and a file of two documents are failures", () => {
  const loaded = loadDeclarations([path.join(dir, "nope.yaml"), write("empty.yaml", ""), write("two.yaml", "a: 1\n---\nb: 2\n")]);
  expect(loaded.map((l) => l.failures[0]?.reason)).toEqual([
    expect.stringMatching(/cannot read it \(ENOENT\)/),
    expect.stringMatching(/empty/),
    expect.stringMatching(/2 documents/),
  ]);
});

test("two files with the same resource name or the same importId are flagged", () => {
  write("same.yaml", toYaml({ ...visitor, importId: "7" }));
  write("same.json", toJson(visitor));
  write("other.yaml", toYaml({ ...visitor, importId: "7" }));
  const loaded = loadDeclarations(dir);
  const reasons = formatFailures(loaded).join("\n");
  expect(reasons).toMatch(/same\.yaml: \(file\): the resource name "same" is already taken by .*same\.json/);
  expect(reasons).toMatch(/same\.yaml: importId: audience 7 is already adopted by .*other\.yaml/);
});

test("loadDeclarationsOrThrow lists every problem in one error", () => {
  write("ok.yaml", toYaml(visitor));
  write("bad.yaml", "name: 3\n");
  expect(() => loadDeclarationsOrThrow(dir)).toThrow(/bad\.yaml.*\n?/);
  fs.rmSync(path.join(dir, "bad.yaml"));
  expect(loadDeclarationsOrThrow(dir).map((d) => d.resourceName)).toEqual(["ok"]);
});

test("toYaml starts with the yaml-language-server modeline, keeps digit ids as strings and drops an empty description", () => {
  const text = toYaml({ ...visitor, description: "", importId: "123" }, "../node_modules/pulumi-pinterest-audiences/schema.json");
  expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../node_modules/pulumi-pinterest-audiences/schema.json");
  const value = parse(text) as Record<string, unknown>;
  expect(value).toEqual({ adAccountId: "549755885175", name: visitor.name, audienceType: "VISITOR", importId: "123", rule: visitor.rule });
  expect(Object.keys(value)).toEqual(["adAccountId", "name", "audienceType", "importId", "rule"]);
});

test("toJson writes a $schema key that validation accepts", () => {
  const file = write("x.json", toJson(visitor, "./schema.json"));
  expect(JSON.parse(fs.readFileSync(file, "utf8")).$schema).toBe("./schema.json");
  expect(loadDeclarations(file)[0].failures).toEqual([]);
});

test("toTypeScriptProgram writes one new Audience per declaration, with values that evaluate back to the declaration", () => {
  const source = toTypeScriptProgram(
    [
      { resourceName: "site-visitors", declaration: { ...visitor, importId: "99" } },
      {
        resourceName: "list",
        declaration: { adAccountId: "1", name: 'Quote " and \\ back', audienceType: "CUSTOMER_LIST", rule: { customerListId: "42" } },
      },
    ],
    { header: "Generated by a test" },
  );
  expect(source).toMatch(/^\/\/ Generated by a test\nimport \{ Audience \} from "pulumi-pinterest-audiences";/);
  expect(source).toContain('"=": ["web"]');
  // Evaluate the program with a stand-in Audience that records its arguments.
  const calls: [string, unknown][] = [];
  const js = source.replace(/^\/\/.*$/m, "").replace(/^import .*$/m, "");
  new Function("Audience", js)(function (this: unknown, name: string, args: unknown) {
    calls.push([name, args]);
  });
  expect(calls).toEqual([
    ["site-visitors", { ...visitor, importId: "99" }],
    ["list", { adAccountId: "1", name: 'Quote " and \\ back', audienceType: "CUSTOMER_LIST", rule: { customerListId: "42" } }],
  ]);
});

test("an alias bomb is a failure, not an exception or a hang", () => {
  const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 10; i++)
    levels.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(", ")}]`,
    );
  const [result] = loadDeclarations(write("bomb.yaml", levels.join("\n") + "\n"));
  expect(result.failures).toEqual([
    expect.objectContaining({ property: "", reason: expect.stringMatching(/^cannot be read as data: .*Avoid YAML aliases/) }),
  ]);
});

describe("ids written without quotes", () => {
  test("an unquoted 12-digit adAccountId is reported as unquoted, with the quoted form to write, at its line", () => {
    write("visitors.yaml", "adAccountId: 549755885175\nname: Visitors\naudienceType: VISITOR\nrule:\n  visitorSourceId: '1'\n");
    const [loaded] = loadDeclarations(dir);
    expect(loaded.failures).toEqual([
      {
        property: "adAccountId",
        line: 1,
        reason: expect.stringMatching(/put the id in quotes, e\.g\. "549755885175"; got 549755885175 without quotes, which is read as a number$/),
      },
    ]);
  });

  test("an unquoted 17-digit id is quoted as written, not as the rounded number it was read as", () => {
    write(
      "lookalike.yaml",
      "adAccountId: '1'\nname: L\naudienceType: ACTALIKE\nimportId: 12345678901234567\nrule:\n  seedId: [98765432109876543]\n  country: US\n  percentage: 5\n",
    );
    const failures = [...loadDeclarations(dir)[0].failures].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    expect(failures.map((f) => [f.property, f.line])).toEqual([
      ["importId", 4],
      ["rule.seedId[0]", 6],
    ]);
    expect(failures[0].reason).toMatch(
      /e\.g\. "12345678901234567"; got 12345678901234567 without quotes, which is read as the number 12345678901234568, not the id written$/,
    );
    expect(failures[1].reason).toMatch(/e\.g\. "98765432109876543"; got 98765432109876543 without quotes/);
  });

  test("the same in a JSON file", () => {
    write("list.json", '{"adAccountId": 12345678901234567, "name": "L", "audienceType": "CUSTOMER_LIST", "rule": {"customerListId": "1"}}');
    const [failure] = loadDeclarations(dir)[0].failures;
    expect(failure).toMatchObject({
      property: "adAccountId",
      reason: expect.stringMatching(/quotes, e\.g\. "12345678901234567"; got 12345678901234567 without quotes/),
    });
  });
});

describe("sharedWith", () => {
  const FIXTURE = path.join(__dirname, "..", "fixtures", "declarations", "shared", "shared-list.yaml");
  const sharedWith = { adAccountIds: ["549755885176", "549755885177"], businessIds: ["777000111"] };

  test("a file may state who the audience is shared with; loadDeclarations keeps it in the declaration", () => {
    const [loaded] = loadDeclarations(FIXTURE);
    expect(loaded.failures).toEqual([]);
    expect(loaded.declaration.sharedWith).toEqual(sharedWith);
  });

  test("loadDeclarationsOrThrow splits it off: the declaration is what an Audience takes, sharedWith comes apart", () => {
    const [entry, plain] = loadDeclarationsOrThrow([FIXTURE, write("plain.yaml", toYaml(visitor))]);
    expect(entry).toEqual({
      resourceName: "shared-list",
      file: FIXTURE,
      declaration: {
        adAccountId: "549755885175",
        name: "Shared customers",
        audienceType: "CUSTOMER_LIST",
        rule: { customerListId: "5497558859876" },
      },
      sharedWith,
      options: {},
    });
    expect(plain).not.toHaveProperty("sharedWith");
    expect(plain.declaration).toEqual(visitor);
  });

  test.each([
    ["an unknown key", '  pinIds: ["1"]', /sharedWith\.pinIds[: ].*not allowed here/],
    ["no list at all", "  {}", /sharedWith/],
    ["an id that is not digits", '  businessIds: ["12ab"]', /sharedWith\.businessIds\[0\]/],
    ["an id with a leading zero", '  adAccountIds: ["0111"]', /sharedWith\.adAccountIds\[0\][: ].*must not start with 0.*write "111"/],
    ["a repeated id", '  businessIds: ["5", "5"]', /sharedWith\.businessIds/],
    ["the owner as a recipient", '  adAccountIds: ["549755885175"]', /sharedWith\.adAccountIds\[0\][: ].*owns the audience/],
  ])("an invalid sharedWith (%s) fails with file:line: property: reason", (what, line, message) => {
    const text = `${toYaml({ adAccountId: "549755885175", name: "L", audienceType: "CUSTOMER_LIST", rule: { customerListId: "42" } })}sharedWith:${line === "  {}" ? " {}" : `\n${line}`}\n`;
    const file = write("bad-sharing.yaml", text);
    // An unknown key also leaves no recipient: that is reported too, on its own line.
    const all = formatFailures(loadDeclarations(file));
    expect(all).toHaveLength(what === "an unknown key" ? 2 : 1);
    const failures = all.filter((f) => message.test(f));
    expect(failures).toHaveLength(1);
    const sharingLine = text.split("\n").findIndex((l) => l.startsWith("sharedWith:")) + 1;
    expect(failures[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(${sharingLine}|${sharingLine + 1}): `));
    expect(() => loadDeclarationsOrThrow(file)).toThrow(/bad-sharing\.yaml:\d+: sharedWith/);
  });

  test("sharingArgs gives the AudienceSharing's arguments; a list left out stays left out, an empty one stays given", () => {
    const declaration = { adAccountId: "549755885175" };
    expect(sharingArgs(declaration, "42", sharedWith)).toEqual({
      adAccountId: "549755885175",
      audienceId: "42",
      recipientAdAccountIds: ["549755885176", "549755885177"],
      recipientBusinessIds: ["777000111"],
    });
    const onlyBusinesses = sharingArgs(declaration, "42", { businessIds: ["9"] });
    expect(onlyBusinesses).toEqual({ adAccountId: "549755885175", audienceId: "42", recipientBusinessIds: ["9"] });
    expect(onlyBusinesses).not.toHaveProperty("recipientAdAccountIds");
    expect(sharingArgs(declaration, "42", { adAccountIds: [], businessIds: ["9"] })).toHaveProperty("recipientAdAccountIds", []);
  });

  test("toYaml and toJson write sharedWith after rule, ad accounts first, and it loads back", () => {
    const declaration: Declaration = { ...visitor, sharedWith: { businessIds: ["9"], adAccountIds: ["8"] } };
    const yaml = toYaml(declaration);
    expect(Object.keys(parse(yaml) as object)).toEqual(["adAccountId", "name", "description", "audienceType", "rule", "sharedWith"]);
    expect(Object.keys((parse(yaml) as Declaration).sharedWith as object)).toEqual(["adAccountIds", "businessIds"]);
    const json = toJson(declaration);
    expect(Object.keys(JSON.parse(json) as object).slice(-2)).toEqual(["rule", "sharedWith"]);
    for (const [name, text] of [
      ["y.yaml", yaml],
      ["j.json", json],
    ]) {
      expect(loadDeclarationsOrThrow(write(name, text))[0].sharedWith).toEqual({ adAccountIds: ["8"], businessIds: ["9"] });
    }
  });

  test("toTypeScriptProgram declares an AudienceSharing next to each audience with sharing, with the audience's id", () => {
    const source = toTypeScriptProgram([
      { resourceName: "site-visitors", declaration: { ...visitor, importId: "99" }, sharedWith: { adAccountIds: ["8"] } },
      { resourceName: "plain", declaration: { ...visitor, name: "Plain" } },
      { resourceName: "new", declaration: { ...visitor, name: "N", sharedWith: { businessIds: ["9"] } } },
    ]);
    expect(source).toMatch(/^import \{ Audience, AudienceSharing \} from "pulumi-pinterest-audiences";/);
    expect(source).toContain("const siteVisitors = new Audience(");
    expect(source).toContain("audienceId: siteVisitors.id,");
    const calls: [string, string, Record<string, unknown>][] = [];
    const js = source.replace(/^import .*$/m, "");
    let next = 0;
    new Function("Audience", "AudienceSharing", js)(
      function (this: { id: string }, name: string, args: Record<string, unknown>) {
        this.id = `id-${next++}`;
        calls.push(["Audience", name, args]);
      },
      function (name: string, args: Record<string, unknown>) {
        calls.push(["AudienceSharing", name, args]);
      },
    );
    expect(calls).toEqual([
      ["Audience", "site-visitors", { ...visitor, importId: "99" }],
      ["AudienceSharing", "site-visitors-sharing", { adAccountId: visitor.adAccountId, audienceId: "id-0", recipientAdAccountIds: ["8"] }],
      ["Audience", "plain", { ...visitor, name: "Plain" }],
      ["Audience", "new", { ...visitor, name: "N" }],
      ["AudienceSharing", "new-sharing", { adAccountId: visitor.adAccountId, audienceId: "id-2", recipientBusinessIds: ["9"] }],
    ]);
  });

  test("toTypeScriptProgram imports only Audience when nothing is shared", () => {
    expect(toTypeScriptProgram([{ resourceName: "plain", declaration: visitor }])).toMatch(/^import \{ Audience \} from/);
  });
});

describe("protect and retainOnDelete (resource options in files)", () => {
  test("a file may state them; loadDeclarationsOrThrow returns them as options, apart from the declaration", () => {
    write("kept.yaml", toYaml({ ...visitor, importId: "2542620900001", protect: true, retainOnDelete: false }));
    write("plain.yaml", toYaml(visitor));
    const [kept, plain] = loadDeclarationsOrThrow(dir);
    expect(kept.options).toEqual({ protect: true, retainOnDelete: false });
    expect(kept.declaration).not.toHaveProperty("protect");
    expect(kept.declaration).not.toHaveProperty("retainOnDelete");
    expect(plain.options).toEqual({});
  });

  test("toYaml writes them after importId; a value that is not a boolean is a failure with its line", () => {
    const text = toYaml({ ...visitor, importId: "2542620900001", protect: true });
    expect(text.indexOf("importId:")).toBeLessThan(text.indexOf("protect: true"));
    expect(text.indexOf("protect: true")).toBeLessThan(text.indexOf("rule:"));
    write("bad.yaml", text.replace("protect: true", "protect: yes please"));
    const [loaded] = loadDeclarations(dir);
    expect(loaded.failures).toEqual([expect.objectContaining({ property: "protect", line: 7, reason: expect.stringMatching(/true or false/) })]);
  });

  test("toTypeScriptProgram passes them as the Audience's resource options", () => {
    const source = toTypeScriptProgram([{ resourceName: "kept", declaration: { ...visitor, protect: true, retainOnDelete: true } }]);
    expect(source).toMatch(/new Audience\("kept", \{[\s\S]*\}, \{\n\s+protect: true,\n\s+retainOnDelete: true,?\n\}\);/);
    expect(toTypeScriptProgram([{ resourceName: "plain", declaration: visitor }])).not.toMatch(/protect/);
  });

  test("an Audience in a program refuses them as inputs and says to pass a resource option", () => {
    const failures = validateDeclaration({ ...visitor, protect: true, retainOnDelete: true });
    expect(failures).toEqual([
      { property: "protect", reason: expect.stringMatching(/resource option: new Audience\(name, args, \{ protect: true \}\)/) },
      { property: "retainOnDelete", reason: expect.stringMatching(/\{ retainOnDelete: true \}/) },
    ]);
  });
});

test("sharedWith with an empty list is valid: the kind is managed and every recipient of it revoked", () => {
  const text = `${toYaml({ adAccountId: "549755885175", name: "L", audienceType: "CUSTOMER_LIST", rule: { customerListId: "42" } })}sharedWith:\n  adAccountIds: []\n`;
  const [entry] = loadDeclarationsOrThrow(write("revoke-all.yaml", text));
  expect(entry.sharedWith).toEqual({ adAccountIds: [] });
  expect(sharingArgs(entry.declaration, "1", entry.sharedWith as SharedWith)).toEqual({
    adAccountId: "549755885175",
    audienceId: "1",
    recipientAdAccountIds: [],
  });
});
