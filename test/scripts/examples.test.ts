/**
 * The example programs under examples/ run as a user would run them — from a project folder with the built
 * package installed — under `pulumi.runtime.setMocks`, and declare exactly the audiences their READMEs describe.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { startEmulator } from "../../emulator";
import { prepareExampleProject } from "../../scripts/example-project";
import { createTestProject, removeTestProject, type TestProject } from "../harness/project";
import { runProgram, type RegisteredResource } from "../harness/program";
import { startEngine } from "../harness/engine";
import type { WireMap, WireValue } from "../harness/wire";

const EXAMPLES = path.resolve(__dirname, "..", "..", "examples");
const AUDIENCE_TYPE = "pulumi-nodejs:dynamic/pinterest:Audience";
const SHARING_TYPE = "pulumi-nodejs:dynamic/pinterest:AudienceSharing";
const ACCOUNT = "549755885175";
/** A token-like secret the programs are given; it must never reach a resource's inputs. */
const TOKEN = "pina_EXAMPLESTESTTOKEN0123456789";

const projects: TestProject[] = [];
afterAll(async () => {
  for (const project of projects) await removeTestProject(project);
});

/** The project name an example's Pulumi.yaml declares (config keys are namespaced by it). */
function projectNameOf(example: string): string {
  const doc = parseYaml(fs.readFileSync(path.join(EXAMPLES, example, "Pulumi.yaml"), "utf8")) as { name: string };
  return doc.name;
}

/** A user-like project holding an example's program (and extra files), with the built package installed. */
async function exampleProject(example: string, files: Record<string, string> = {}): Promise<TestProject> {
  const project = await createTestProject({
    programSource: fs.readFileSync(path.join(EXAMPLES, example, "index.ts"), "utf8"),
    projectName: projectNameOf(example),
    files,
  });
  projects.push(project);
  return project;
}

/** The example's audiences/ folder as `files` for createTestProject. */
function audienceFiles(example: string): Record<string, string> {
  const dir = path.join(EXAMPLES, example, "audiences");
  return Object.fromEntries(fs.readdirSync(dir).map((f) => [`audiences/${f}`, fs.readFileSync(path.join(dir, f), "utf8")]));
}

/** The inputs of a registered audience without the serialised provider and the output-only placeholders. */
function declared(resource: RegisteredResource): WireMap {
  const { __provider, ...rest } = resource.inputs;
  void __provider;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null && v !== undefined));
}

function byName(resources: RegisteredResource[]): Record<string, RegisteredResource> {
  return Object.fromEntries(resources.map((r) => [r.name, r]));
}

function expectPortableProvider(resource: RegisteredResource, projectDir: string): void {
  const provider = resource.inputs.__provider;
  expect(typeof provider).toBe("string");
  expect(provider as string).toContain('require("pulumi-pinterest-audiences');
  expect(provider as string).not.toContain(projectDir);
  expect(provider as string).not.toContain(path.resolve(__dirname, "..", ".."));
}

function allText(value: WireValue | Record<string, WireValue>): string {
  return JSON.stringify(value);
}

describe("examples/basic", () => {
  const name = projectNameOf("basic");
  const config = {
    [`${name}:adAccountId`]: ACCOUNT,
    [`${name}:customerListId`]: "5497558859876",
    [`${name}:conversionTagId`]: "2542620639259",
    "pinterest:accessToken": TOKEN,
  };

  test("declares one audience of each type with the documented rules, the lookalike seeded from the customer list", async () => {
    const project = await exampleProject("basic");
    const result = await runProgram(project, { config, secretKeys: ["pinterest:accessToken"] });

    // Registration order follows when inputs resolve, not source order: compare as sorted lists.
    expect(result.resources.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      ["checkout-visitors", "newsletter-subscribers", "pin-engagers", "subscribers-lookalike-us"].map((n) => `${AUDIENCE_TYPE} ${n}`),
    );
    const r = byName(result.resources);
    expect(declared(r["newsletter-subscribers"])).toEqual({
      adAccountId: ACCOUNT,
      name: "Newsletter subscribers",
      description: "Everyone on the newsletter customer list.",
      audienceType: "CUSTOMER_LIST",
      rule: { customerListId: "5497558859876" },
    });
    expect(declared(r["checkout-visitors"])).toMatchObject({
      audienceType: "VISITOR",
      rule: {
        visitorSourceId: "2542620639259",
        event: "checkout",
        retentionDays: 30,
        eventSource: { "=": ["web"] },
        ingestionSource: { "=": ["tag"] },
      },
    });
    expect(declared(r["pin-engagers"])).toMatchObject({
      audienceType: "ENGAGEMENT",
      rule: { engagementDomain: ["www.example.com"], engagementType: "save", engagerType: 1, retentionDays: 90 },
    });
    // The mocks give each resource the id "<name>-id": the lookalike's seed is the customer list audience's id.
    expect(declared(r["subscribers-lookalike-us"])).toMatchObject({
      audienceType: "ACTALIKE",
      rule: { seedId: ["newsletter-subscribers-id"], country: "US", percentage: 5 },
    });
    expect(r["subscribers-lookalike-us"].options.dependencies).toContain(r["newsletter-subscribers"].urn);
    for (const resource of result.resources) {
      expect(declared(resource).adAccountId).toBe(ACCOUNT);
      expectPortableProvider(resource, project.dir);
      expect(resource.options.import).toBeUndefined();
    }

    expect(result.outputs.audienceIds).toEqual({
      customerList: "newsletter-subscribers-id",
      visitor: "checkout-visitors-id",
      engagement: "pin-engagers-id",
      actalike: "subscribers-lookalike-us-id",
    });
    // Credentials come from the stack config inside the plugin, never through the program's resources.
    expect(allText(result.all.map((x) => x.inputs))).not.toContain(TOKEN);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  test("stops with the missing config key named when the ad account is not configured", async () => {
    const project = await exampleProject("basic");
    const { [`${name}:adAccountId`]: _omitted, ...rest } = config;
    void _omitted;
    await expect(runProgram(project, { config: rest })).rejects.toThrow(/adAccountId/);
  });

  test("ships a Pulumi project for Node/TypeScript that depends on the package and @pulumi/pulumi", () => {
    expectProjectFiles("basic");
  });

  test("the copy the demo and the real-CLI suite make (temp folder, package installed) runs with Pulumi's plugin", async () => {
    const emulator = await startEmulator({ port: 0 });
    const copy = prepareExampleProject("basic");
    try {
      const project: TestProject = { dir: copy.dir, programFile: "index.ts", projectName: name };
      const { resources } = await runProgram(project, { config });
      expect(String(resources[0].inputs.__provider)).not.toContain(copy.dir);
      const engine = await startEngine({
        cwd: copy.dir,
        config: { "pinterest:accessToken": emulator.accessToken, "pinterest:apiUrl": emulator.url },
        secretConfigKeys: ["pinterest:accessToken"],
        statePath: path.join(copy.stateDir, "state.json"),
      });
      try {
        // Under mocks the lookalike's seed is the mock id "newsletter-subscribers-id"; the real CLI resolves it.
        const up = await engine.up(resources.filter((r) => r.name !== "subscribers-lookalike-us"));
        expect(up.errors).toEqual([]);
        expect(up.steps.map((s) => s.op)).toEqual(["create", "create", "create"]);
        expect(
          emulator
            .audiences(ACCOUNT)
            .map((a) => a.audience_type)
            .sort(),
        ).toEqual(["CUSTOMER_LIST", "ENGAGEMENT", "VISITOR"]);
      } finally {
        await engine.stop();
      }
    } finally {
      copy.remove();
      await emulator.stop();
    }
  });
});

describe("examples/gitops", () => {
  test("declares one audience per YAML file under audiences/, named after the file, with the file's fields, and the sharing files state", async () => {
    const files = audienceFiles("gitops");
    const project = await exampleProject("gitops", files);
    const result = await runProgram(project, { config: { "pinterest:accessToken": TOKEN }, secretKeys: ["pinterest:accessToken"] });

    const yamlFiles = Object.keys(files)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
    expect(yamlFiles.length).toBeGreaterThanOrEqual(4);
    const audiences = result.resources.filter((r) => r.type === AUDIENCE_TYPE);
    const sharings = result.resources.filter((r) => r.type === SHARING_TYPE);
    expect(audiences.length + sharings.length).toBe(result.resources.length);
    expect(audiences.map((r) => r.name).sort()).toEqual(yamlFiles.map((f) => path.basename(f, path.extname(f))).sort());
    const types = new Set<string>();
    const expectedSharings: Record<string, WireMap> = {};
    for (const resource of audiences) {
      const file = yamlFiles.find((f) => path.basename(f, path.extname(f)) === resource.name) as string;
      const { $schema, sharedWith, ...fields } = parseYaml(files[file]) as Record<string, WireValue>;
      expect($schema).toEqual(expect.any(String));
      // The `$schema` editors use points at the installed package's schema.json.
      expect(fs.existsSync(path.resolve(project.dir, path.dirname(file), $schema as string))).toBe(true);
      expect(declared(resource)).toEqual(fields);
      expectPortableProvider(resource, project.dir);
      types.add(fields.audienceType as string);
      if (sharedWith) {
        const { adAccountIds, businessIds } = sharedWith as Record<string, WireValue>;
        const expected: WireMap = { adAccountId: fields.adAccountId, audienceId: `${resource.name}-id` };
        if (adAccountIds) expected.recipientAdAccountIds = adAccountIds;
        if (businessIds) expected.recipientBusinessIds = businessIds;
        expectedSharings[`${resource.name}-sharing`] = expected;
      }
    }
    expect([...types].sort()).toEqual(["ACTALIKE", "CUSTOMER_LIST", "ENGAGEMENT", "VISITOR"]);
    // One file states sharedWith with both kinds: an AudienceSharing named after it shares the audience (by its id).
    expect(Object.values(expectedSharings).some((s) => s.recipientAdAccountIds && s.recipientBusinessIds)).toBe(true);
    expect(Object.fromEntries(sharings.map((r) => [r.name, declared(r)]))).toEqual(expectedSharings);
    for (const resource of sharings) {
      expect(resource.options.dependencies).toContain(audiences.find((a) => `${a.name}-sharing` === resource.name)?.urn);
      expectPortableProvider(resource, project.dir);
    }
    expect(Object.keys(result.outputs.audienceIds as Record<string, WireValue>).sort()).toEqual(audiences.map((r) => r.name).sort());
    expect(result.outputs.sharingIds).toEqual(Object.fromEntries(sharings.map((r) => [r.name, expect.any(String)])));
    expect(allText(result.all.map((x) => x.inputs))).not.toContain(TOKEN);
  });

  test("an invalid declaration file stops the program with its path, property and reason", async () => {
    const files = audienceFiles("gitops");
    files["audiences/broken-visitors.yaml"] = [
      `adAccountId: "${ACCOUNT}"`,
      "name: Broken",
      "audienceType: VISITOR",
      "rule:",
      '  visitorSourceId: "2542620639259"',
      "  retentionDays: 9999",
      "",
    ].join("\n");
    const project = await exampleProject("gitops", files);
    const failure = runProgram(project);
    await expect(failure).rejects.toThrow(/broken-visitors\.yaml/);
    await expect(failure).rejects.toThrow(/rule\.retentionDays/);
  });

  test("ships a Pulumi project for Node/TypeScript that depends on the package and @pulumi/pulumi", () => {
    expectProjectFiles("gitops");
  });
});

describe("examples/import", () => {
  test("the generated program adopts existing audiences with importId, not Pulumi's import option", async () => {
    const project = await exampleProject("import");
    const result = await runProgram(project, { config: { "pinterest:accessToken": TOKEN }, secretKeys: ["pinterest:accessToken"] });

    expect(result.resources.length).toBeGreaterThanOrEqual(2);
    const importIds = new Set<string>();
    for (const resource of result.resources) {
      expect(resource.type).toBe(AUDIENCE_TYPE);
      const inputs = declared(resource);
      expect(inputs.importId).toMatch(/^\d+$/);
      importIds.add(inputs.importId as string);
      expect(inputs.adAccountId).toMatch(/^\d+$/);
      expect(["CUSTOMER_LIST", "VISITOR", "ENGAGEMENT", "ACTALIKE"]).toContain(inputs.audienceType);
      expect(resource.options.import).toBeUndefined();
      expectPortableProvider(resource, project.dir);
    }
    expect(importIds.size).toBe(result.resources.length);
  });

  test("ships a Pulumi project for Node/TypeScript that depends on the package and @pulumi/pulumi", () => {
    expectProjectFiles("import");
  });
});

/** Pulumi.yaml says nodejs + TypeScript; package.json depends on the package and @pulumi/pulumi; a README exists. */
function expectProjectFiles(example: string): void {
  const dir = path.join(EXAMPLES, example);
  const project = parseYaml(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as {
    runtime: { name: string; options?: { typescript?: boolean } };
  };
  expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: true } });
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  expect(Object.keys(pkg.dependencies).sort()).toEqual(["@pulumi/pulumi", "pulumi-pinterest-audiences"]);
  expect(fs.existsSync(path.join(dir, "tsconfig.json"))).toBe(true);
  expect(fs.readFileSync(path.join(dir, "README.md"), "utf8")).toMatch(/pulumi (preview|up)/);
}
