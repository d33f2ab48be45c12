/**
 * Renaming an `AudienceSharing` resource (a new name, or moving it into a component) without an alias makes Pulumi
 * create the new resource and then delete the old one, both for the same audience. The old one's delete must not
 * revoke what the new one declares: a recipient declared in the program keeps the audience. Through Pulumi's real
 * dynamic-provider plugin (driven by the engine stand-in) against the emulator. Found by the invariant suite
 * (seed 31: rename a sharing's resource, then `up`).
 */
import { pluginStdoutMatching } from "../harness";
import { OWNER, useSharingStack } from "../helpers/sharing-stack";

jest.setTimeout(120_000);

const { setUp, declare, declareAll } = useSharingStack("sharing-renamed-resource");

test("renamed with the same recipients: the new resource is created, the old one deleted, and 111 keeps the audience", async () => {
  const { emulator, engine, audienceId } = await setUp("rename-same");
  const declaration = { adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111"] };
  expect((await engine.up(await declare(declaration, { name: "clients" }))).errors).toEqual([]);

  const renamed = await engine.up(await declare(declaration, { name: "clients-renamed" }));
  expect(renamed.errors).toEqual([]);
  expect(renamed.steps.map((s) => `${s.name}:${s.op}`)).toEqual(["clients-renamed:create", "clients:delete"]);
  const notice = /leaves ad account 111 with the audience: another AudienceSharing of this program declares them/;
  expect(await pluginStdoutMatching(engine.plugin, notice)).toMatch(notice);
  expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual(["111"]);
  expect(engine.state().map((r) => r.name)).toEqual(["clients-renamed"]);
});

test("renamed while dropping 222: only 222 loses the audience; what the new resource declares is kept", async () => {
  const { emulator, engine, audienceId } = await setUp("rename-narrower");
  const base = { adAccountId: OWNER, audienceId };
  expect(
    (await engine.up(await declare({ ...base, recipientAdAccountIds: ["111", "222"], recipientBusinessIds: ["900"] }, { name: "clients" }))).errors,
  ).toEqual([]);

  const renamed = await engine.up(await declare({ ...base, recipientAdAccountIds: ["111"] }, { name: "clients-renamed" }));
  expect(renamed.errors).toEqual([]);
  // The old resource managed businesses, the new one does not: the old one's delete revokes them.
  expect(emulator.recipients(OWNER, audienceId)).toEqual({ adAccountIds: ["111"], businessIds: [] });
});

test("the next command (a new plugin) revokes what the renamed resource declares when it is destroyed", async () => {
  const { emulator, engine, audienceId } = await setUp("rename-then-destroy");
  const declaration = { adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111"] };
  expect((await engine.up(await declare(declaration, { name: "clients" }))).errors).toEqual([]);
  expect((await engine.up(await declare(declaration, { name: "clients-renamed" }))).errors).toEqual([]);

  expect((await engine.destroy()).errors).toEqual([]);
  expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual([]);
});

test("renamed in an up that fails after creating the new resource: the next up deletes the old one, and 111 keeps the audience", async () => {
  const { emulator, engine, audienceId } = await setUp("rename-across-ups");
  const declaration = { adAccountId: OWNER, audienceId, recipientAdAccountIds: ["111"] };
  expect((await engine.up(await declare(declaration, { name: "clients" }))).errors).toEqual([]);

  // The new name, and a sharing of an audience the account does not have: its create fails, so Pulumi deletes nothing.
  const failed = await engine.up(
    await declareAll([
      { name: "clients-renamed", args: declaration },
      { name: "missing", args: { ...declaration, audienceId: "2542620639999" } },
    ]),
  );
  expect(failed.errors.map((e) => e.name)).toEqual(["missing"]);
  expect(
    engine
      .state()
      .map((r) => r.name)
      .sort(),
  ).toEqual(["clients", "clients-renamed"]);

  // The next up (a new plugin: no create in it) deletes the old resource.
  const next = await engine.up(await declare(declaration, { name: "clients-renamed" }));
  expect(next.errors).toEqual([]);
  expect(next.steps.map((s) => `${s.name}:${s.op}`)).toEqual(["clients-renamed:same", "clients:delete"]);
  expect(emulator.recipients(OWNER, audienceId).adAccountIds).toEqual(["111"]);
  expect(engine.state().map((r) => r.name)).toEqual(["clients-renamed"]);
});
