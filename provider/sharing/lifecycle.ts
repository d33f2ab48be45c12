/**
 * The audience sharing lifecycle: the provider every `AudienceSharing` is declared with (this module itself,
 * serialised into the state as a one-line `require`), loaded in the plugin as
 * `pulumi-pinterest-audiences/dynamic/sharing`. Its exported functions (`configure`, `check`, `diff`, `create`,
 * `read`, `update`, `remove` and `delete`) are called by name from state: keep them, add to them.
 *
 * Each managed kind of recipient (ad accounts, businesses) is a set. Create makes Pinterest's set the declared one;
 * update sends one SHARE for the recipients added and one REVOKE for those removed, per kind, from the recorded
 * set; read lists the live set, so a recipient revoked or added by hand shows as drift; delete revokes the
 * recipients it manages.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ConfigSource } from "../engine/settings";
import { configureSession, sessionClient } from "../engine/session";
import { PROVIDER_KEY, PropertyBag, stringField, withoutProvider } from "../engine/properties";
import { refuseMalformedLookup } from "../engine/lookup";
import { aboutStep, isNotFound } from "../engine/step-errors";
import { validateDeclaration } from "../schema/validate";
import { applyChange, liveRecipients } from "./writes";
import {
  changeBetween,
  changesFor,
  diffSharing,
  managedKinds,
  ownerAsRecipient,
  RECIPIENT_KINDS,
  RecipientField,
  SharingInputs,
  sharingOutputs,
} from "./model";

export type { PropertyBag };

/** Takes the stack configuration; the session, and its one client, is shared with audiences (see ../engine/session.ts). */
export async function configure(source: ConfigSource | pulumi.dynamic.ConfigureRequest | undefined): Promise<void> {
  configureSession(source);
}

/** Validates the declaration against schema.json (`$defs/audienceSharing`). No API call and no credentials. */
export async function check(_olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.CheckResult> {
  const failures = validateDeclaration(news, { kind: "audienceSharing" });
  const owner = ownerAsRecipient(news.adAccountId, news.recipientAdAccountIds, "recipientAdAccountIds");
  if (owner) failures.push(owner);
  return { inputs: news, failures };
}

/** Plans update or replacement; no API call. Order of recipients is never a change. */
export async function diff(_id: string, olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.DiffResult> {
  const result = diffSharing(asSharing(olds), asSharing(news));
  return { changes: result.replaces.length + result.updates.length > 0, replaces: result.replaces, deleteBeforeReplace: false };
}

/**
 * Shares the audience with every declared recipient: per managed kind, lists who has it, then one SHARE for the
 * recipients missing and one REVOKE for any not declared (shared by hand before), so that after `up` Pinterest
 * holds exactly the declaration. The resource's id is the audience id.
 */
export async function create(news: PropertyBag): Promise<pulumi.dynamic.CreateResult> {
  const declared = asSharing(news);
  const client = sessionClient();
  const applied: Partial<Record<RecipientField, string[]>> = {};
  try {
    for (const kind of managedKinds(declared)) {
      const live = await liveRecipients(client, declared, kind);
      if (live === undefined) throw audienceMissing(declared);
      await applyChange(client, declared, changeBetween(kind, live, declared[kind.field] ?? []));
      applied[kind.field] = declared[kind.field];
    }
  } catch (error) {
    throw withProgress(aboutStep("Sharing", subjectOf(declared), error), declared, news, applied, Object.keys(applied).length > 0);
  }
  return { id: declared.audienceId, outs: sharingOutputs(declared) };
}

/**
 * Lists the live recipients of each kind the state manages (every kind for `AudienceSharing.get`), through every
 * page. An audience that no longer exists returns no id, so Pulumi drops the sharing.
 */
export async function read(id: string, props: PropertyBag = {}): Promise<pulumi.dynamic.ReadResult> {
  const adAccountId = stringField(props, "adAccountId");
  if (!adAccountId) {
    throw new Error(
      `Cannot read the sharing of audience ${id}: its ad account id is unknown. Pass it when reading existing sharing: ` +
        `AudienceSharing.get(name, "${id}", { adAccountId: "<owner ad account id>" }).`,
    );
  }
  const recorded = { ...asSharing(props), adAccountId, audienceId: id };
  const isRefresh = managedKinds(recorded).length > 0;
  if (!isRefresh) refuseMalformedLookup("the sharing AudienceSharing.get names", { "its audience id": id, adAccountId });
  const kinds = isRefresh ? managedKinds(recorded) : RECIPIENT_KINDS;
  const live: Partial<Record<RecipientField, string[]>> = {};
  try {
    for (const kind of kinds) {
      const ids = await liveRecipients(sessionClient(), recorded, kind);
      if (ids === undefined) return {};
      live[kind.field] = ids;
    }
  } catch (error) {
    throw aboutStep("Reading", subjectOf(recorded), error);
  }
  const outs = { adAccountId, audienceId: id, ...live };
  return isRefresh ? { id, props: outs } : { id, props: outs, inputs: outs };
}

/**
 * Per changed kind, one SHARE for the recipients added and one REVOKE for those removed since the recorded state
 * (which a refresh brings up to date with Pinterest); nothing for a kind that did not change. A kind the
 * declaration starts to manage is first listed, as at create.
 */
export async function update(id: string, olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.UpdateResult> {
  const declared = asSharing(news);
  const recorded = asSharing(olds);
  const applied: Partial<Record<RecipientField, string[]>> = {};
  for (const kind of RECIPIENT_KINDS) if (recorded[kind.field] !== undefined) applied[kind.field] = recorded[kind.field];
  try {
    // A kind the state did not manage yet starts from what Pinterest holds, as at create.
    const from = { ...recorded };
    for (const kind of managedKinds(declared)) {
      if (recorded[kind.field] !== undefined) continue;
      const live = await liveRecipients(sessionClient(), declared, kind);
      if (live === undefined) throw audienceMissing(declared);
      from[kind.field] = live;
    }
    for (const change of changesFor(from, declared)) {
      await applyChange(sessionClient(), declared, change);
      applied[change.kind.field] = declared[change.kind.field];
    }
  } catch (error) {
    throw withProgress(aboutStep("Updating", subjectOf(declared), error), declared, news, applied, true, id);
  }
  return { outs: sharingOutputs(declared) };
}

/** Revokes every recipient the state records for the kinds it manages. An audience already gone counts as revoked. */
export async function remove(id: string, props: PropertyBag): Promise<void> {
  const recorded = asSharing(props);
  if (!recorded.adAccountId) throw new Error(`Cannot delete the sharing of audience ${id}: its state has no adAccountId. Remove it from the state with \`pulumi state delete\`.`);
  const sharing = { ...recorded, audienceId: recorded.audienceId || id };
  try {
    for (const kind of managedKinds(sharing)) {
      const revoke = sharing[kind.field] ?? [];
      if (revoke.length > 0) await applyChange(sessionClient(), sharing, changeBetween(kind, revoke, []));
    }
  } catch (error) {
    if (!isNotFound(error)) throw aboutStep("Revoking", subjectOf(sharing), error);
  }
}

/** `remove` under the name Pulumi calls it by, for this module used as the provider itself. */
export { remove as delete };

/** Replaces the client (tests): the same session as audiences. */
export { useSessionClient as useClient } from "../engine/session";

/** A bag as a sharing declaration. */
function asSharing(bag: PropertyBag): SharingInputs {
  return withoutProvider(bag) as unknown as SharingInputs;
}

/** `sharing of audience 123 (ad account 456)`: how errors name the sharing a step is about. */
function subjectOf(sharing: Partial<SharingInputs>): string {
  return `the sharing of audience ${sharing.audienceId ?? "(unknown)"} (owner ad account ${sharing.adAccountId ?? "(unknown)"})`;
}

/** The error of sharing an audience that its ad account does not have. */
function audienceMissing(sharing: SharingInputs): Error {
  return new Error(
    `Ad account ${sharing.adAccountId} has no audience ${sharing.audienceId} (or it was removed), so it cannot be shared. ` +
      "Check audienceId and adAccountId: only the ad account that owns an audience can share it.",
  );
}

/**
 * A failed step that changed some kinds of recipient before failing: the error carries the id and the outputs as
 * far as they were applied (the engine records them), so the next `up` carries on from there and `destroy` can
 * revoke what was shared.
 */
function withProgress(
  error: Error,
  declared: SharingInputs,
  news: PropertyBag,
  applied: Partial<Record<RecipientField, string[]>>,
  record: boolean,
  id: string = declared.audienceId,
): Error {
  if (!record) return error;
  const outs = { adAccountId: declared.adAccountId, audienceId: declared.audienceId, ...applied };
  return Object.assign(error, { id, properties: { ...outs, [PROVIDER_KEY]: news[PROVIDER_KEY] }, reasons: [error.message] });
}
