/**
 * The audience sharing lifecycle: the provider every `AudienceSharing` is declared with (this module itself,
 * serialised into the state as a one-line `require`), loaded in the plugin as
 * `pulumi-pinterest-audiences/dynamic/sharing`. Its exported functions (`configure`, `check`, `diff`, `create`,
 * `read`, `update`, `remove` and `delete`) are called by name from state: keep them, add to them.
 *
 * Each managed kind of recipient (ad accounts, businesses) is a set. Create makes Pinterest's set the declared one;
 * update lists each kind whose declared set changed and sends one SHARE for the recipients missing and one REVOKE
 * for those not declared; read lists the live set, so a recipient revoked or added by hand shows as drift; delete revokes the
 * recipients it manages. A kind left out is not managed: neither read, changed nor revoked. A step that fails
 * records everyone who may hold the audience because of it, so that no later step misses them.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ConfigSource } from "../plugin/settings";
import { quietly } from "../plugin/plugin-log";
import { configureSession, sessionClient } from "../plugin/session";
import { PropertyBag, stringField, withoutProvider } from "../plugin/properties";
import { recordedDespiteFailure } from "../plugin/partial-failure";
import { adAccountUnknownOnDelete, adAccountUnknownOnRead } from "../plugin/required-ids";
import { refuseMalformedLookup } from "../plugin/lookup";
import { aboutStep, isNotFound } from "../plugin/step-errors";
import type { PinterestClient } from "../api/client";
import { PinterestApiError } from "../api/errors";
import { stillLive } from "../audience/removal";
import { validateDeclaration } from "../schema/validate";
import { applyChange, Holders, liveRecipients } from "./writes";
import { declaredThisCommand, splitByDeclared } from "./declared-this-command";
import {
  canonicalIds,
  changeBetween,
  diffSharing,
  LOOKUP_KEY,
  managedKinds,
  ownerAsRecipient,
  RECIPIENT_KINDS,
  RecipientField,
  RecipientKind,
  SharingInputs,
  sharingOutputs,
} from "./model";

export type { PropertyBag };

/** Takes the stack configuration; the session, and its one client, is shared with audiences (see ../plugin/session.ts). */
export async function configure(source: ConfigSource | pulumi.dynamic.ConfigureRequest | undefined): Promise<void> {
  configureSession(source);
}

/**
 * Validates the declaration against schema.json (`$defs/audienceSharing`). No API call and no credentials. A valid
 * declaration's recipients are noted for this command, so that a delete in it leaves them (see
 * ./declared-this-command.ts).
 */
export async function check(_olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.CheckResult> {
  const failures = validateDeclaration(news, { kind: "audienceSharing" });
  const owner = ownerAsRecipient(news.adAccountId, news.recipientAdAccountIds, "recipientAdAccountIds");
  if (owner) failures.push(owner);
  if (failures.length === 0 && typeof news.audienceId === "string") {
    const declared = asSharing(news);
    for (const kind of managedKinds(declared)) declaredThisCommand(declared.audienceId, kind.field, canonicalIds(declared[kind.field]));
  }
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
 * holds exactly the declaration. The resource's id is the audience id. A failure after a write that may have taken
 * effect still records the sharing (see {@link Convergence}), so that `destroy` and the next `up` reach everyone.
 */
export async function create(news: PropertyBag): Promise<pulumi.dynamic.CreateResult> {
  const declared = asSharing(news);
  const run = new Convergence({}, declared);
  try {
    await run.converge(sessionClient(), false);
  } catch (error) {
    const failed = aboutStep("Sharing", subjectOf(declared), error);
    throw run.anyWrite() ? withProgress(failed, declared.audienceId, run.mayHold(), news) : failed;
  }
  return { id: declared.audienceId, outs: sharingOutputs(declared) };
}

/**
 * Refresh lists the live recipients of each kind the state manages, through every page, and no other kind (none,
 * when it manages none). `AudienceSharing.get` (its inputs carry {@link LOOKUP_KEY}) lists every kind and returns
 * them as the inputs too. An audience that no longer exists returns no id, so Pulumi drops the sharing.
 */
export async function read(id: string, props: PropertyBag = {}): Promise<pulumi.dynamic.ReadResult> {
  return quietly(() => readSharing(id, props));
}

async function readSharing(id: string, props: PropertyBag): Promise<pulumi.dynamic.ReadResult> {
  const adAccountId = stringField(props, "adAccountId");
  if (!adAccountId) {
    throw adAccountUnknownOnRead({
      subject: `the sharing of audience ${id}`,
      when: "reading existing sharing",
      call: `AudienceSharing.get(name, "${id}", { adAccountId: "<owner ad account id>" })`,
    });
  }
  const recorded = { ...asSharing(props), adAccountId, audienceId: id };
  const isLookup = props[LOOKUP_KEY] === true;
  if (isLookup) refuseMalformedLookup("the sharing AudienceSharing.get names", { "its audience id": id, adAccountId });
  const kinds = isLookup ? RECIPIENT_KINDS : managedKinds(recorded);
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
  return isLookup ? { id, props: outs, inputs: outs } : { id, props: outs };
}

/**
 * Per kind whose declared set differs from the recorded one: the live recipients are listed, then one SHARE for
 * those missing and one REVOKE for those not declared. The recorded set is not taken for the live one: after a
 * failed step it holds everyone a write may have reached, including a SHARE whose outcome stayed unknown and that may
 * never have taken effect. Nothing, and no request, for a kind that did not change; a kind the declaration no longer
 * gives stops being managed, with no request. An update that changes nothing is the engine re-running a step that failed: every managed kind is
 * listed, so a SHARE whose outcome was unknown is sent again if it did not take effect. On failure the error
 * records everyone who may hold the audience because of this resource.
 */
export async function update(id: string, olds: PropertyBag, news: PropertyBag): Promise<pulumi.dynamic.UpdateResult> {
  const declared = asSharing(news);
  const recorded = asSharing(olds);
  const run = new Convergence(recorded, declared);
  try {
    await run.converge(sessionClient(), diffSharing(recorded, declared).updates.length === 0);
  } catch (error) {
    throw withProgress(aboutStep("Updating", subjectOf(declared), error), id, run.mayHold(), news);
  }
  return { outs: sharingOutputs(declared) };
}

/**
 * Revokes every recipient the state records for the kinds it manages, except those a declaration checked in this
 * command names (the old half of a renamed or replaced sharing; see ./declared-this-command.ts), which it names on the
 * plugin's output. A REVOKE refused with a 404 or 400 (what
 * Pinterest may answer for an audience that is gone) counts as done only when reading the audience confirms it is
 * gone (404, or a removed status); any other failure fails the step with Pinterest's code and message.
 */
export async function remove(id: string, props: PropertyBag): Promise<void> {
  return quietly(() => removeSharing(id, props));
}

async function removeSharing(id: string, props: PropertyBag): Promise<void> {
  const recorded = asSharing(props);
  if (!recorded.adAccountId) throw adAccountUnknownOnDelete(`the sharing of audience ${id}`);
  const sharing = { ...recorded, audienceId: recorded.audienceId || id };
  const client = sessionClient();
  try {
    for (const kind of managedKinds(sharing)) {
      const { revoke, keep } = splitByDeclared(sharing.audienceId, kind.field, canonicalIds(sharing[kind.field]));
      if (keep.length > 0) process.stdout.write(`${keptNotice(sharing, kind, keep)}\n`);
      if (revoke.length > 0) await applyChange(client, sharing, changeBetween(kind, revoke, []), new Holders(revoke));
    }
  } catch (error) {
    if (await confirmedGone(client, sharing, error)) return;
    throw aboutStep("Revoking", subjectOf(sharing), error);
  }
}

/** `remove` under the name Pulumi calls it by, for this module used as the provider itself. */
export { remove as delete };

/** Replaces the client (tests): the same session as audiences. */
export { useSessionClient as useClient } from "../plugin/session";

/** A bag as a sharing declaration. */
function asSharing(bag: PropertyBag): SharingInputs {
  return withoutProvider(bag) as unknown as SharingInputs;
}

/** `sharing of audience 123 (ad account 456)`: how errors name the sharing a step is about. */
function subjectOf(sharing: Partial<SharingInputs>): string {
  return `the sharing of audience ${sharing.audienceId ?? "(unknown)"} (owner ad account ${sharing.adAccountId ?? "(unknown)"})`;
}

/** What a delete says of recipients it leaves because a create of this command declared them. */
function keptNotice(sharing: SharingInputs, kind: RecipientKind, ids: readonly string[]): string {
  return (
    `Deleting ${subjectOf(sharing)} leaves ${ids.length === 1 ? kind.noun : kind.nounPlural} ${ids.join(", ")} with the audience: another AudienceSharing ` +
    "of this program declares them (a renamed or replaced resource). To move a sharing without deleting it, give the resource an alias."
  );
}

/** The error of sharing an audience that its ad account does not have. */
function audienceMissing(sharing: SharingInputs): Error {
  return new Error(
    `Ad account ${sharing.adAccountId} has no audience ${sharing.audienceId} (or it was removed), so it cannot be shared. ` +
      "Check audienceId and adAccountId: only the ad account that owns an audience can share it.",
  );
}

/**
 * One create or update bringing Pinterest's recipients to the declaration, kind by kind, keeping who may hold the
 * audience as each write's outcome is learnt ({@link Holders}), for the record of a step that fails half-way.
 */
class Convergence {
  private readonly holders = new Map<RecipientField, Holders>();

  /**
   * @param recorded The state's sharing (nothing at create).
   * @param declared The declaration.
   */
  constructor(
    private readonly recorded: Partial<SharingInputs>,
    private readonly declared: SharingInputs,
  ) {}

  /**
   * Per managed kind with anything to do: the SHARE and REVOKE from the live list. A kind whose recorded set is the
   * declared one is left alone (and not listed) unless `listAll`, an update re-running a failed step. The recorded
   * set is never taken for the live one: after a failed step it holds everyone a write of that step may have
   * reached, and a SHARE whose outcome stayed unknown may not have taken effect (invariant seed 1447467202).
   */
  async converge(client: PinterestClient, listAll: boolean): Promise<void> {
    for (const kind of managedKinds(this.declared)) {
      const known = canonicalIds(this.recorded[kind.field]);
      const declared = canonicalIds(this.declared[kind.field]);
      const settled = this.recorded[kind.field] !== undefined && !listAll && known.join() === declared.join();
      const live = settled ? known : await liveRecipients(client, this.declared, kind);
      if (live === undefined) throw audienceMissing(this.declared);
      const holders = new Holders([...known, ...live]);
      this.holders.set(kind.field, holders);
      await applyChange(client, this.declared, changeBetween(kind, live, declared), holders);
    }
  }

  /** Whether a write may have taken effect: a failed create is then recorded, else it is not. */
  anyWrite(): boolean {
    return [...this.holders.values()].some((holders) => holders.touched());
  }

  /**
   * The sharing as far as it may have gone: each declared kind the state managed already, or that a write may have
   * reached, with everyone who may hold the audience; kinds the declaration leaves out are no longer managed.
   */
  mayHold(): SharingInputs {
    const outputs: SharingInputs = { adAccountId: this.declared.adAccountId, audienceId: this.declared.audienceId };
    for (const kind of managedKinds(this.declared)) {
      const holders = this.holders.get(kind.field);
      if (this.recorded[kind.field] !== undefined) outputs[kind.field] = holders?.ids() ?? canonicalIds(this.recorded[kind.field]);
      else if (holders?.touched()) outputs[kind.field] = holders.ids();
    }
    return outputs;
  }
}

/**
 * Whether a failed REVOKE was refused because the audience is gone: only a 404 or 400 (what a sharing PATCH may
 * answer for an audience that no longer exists) is looked into, and only reads that confirm the audience is gone
 * count (as for an audience's REMOVE, see ../audience/removal.ts: a GET answering 404 or a removed status, or an
 * audience absent from the account's whole list). A read that fails confirms nothing.
 */
async function confirmedGone(client: PinterestClient, sharing: SharingInputs, error: unknown): Promise<boolean> {
  if (!(error instanceof PinterestApiError) || (error.status !== 404 && error.status !== 400)) return false;
  const source = {
    get: (account: string, audience: string) => client.audiences.get(account, audience),
    list: (account: string) => client.audiences.list(account),
  };
  try {
    return (await stillLive(source, isNotFound, sharing.adAccountId, sharing.audienceId)) === undefined;
  } catch {
    return false;
  }
}

/**
 * A failed step whose writes may have taken effect: the error carries the id and the outputs as far as the step
 * may have gone (the engine records them, see ../plugin/partial-failure.ts), so the next `up` carries on from there
 * and `destroy` can revoke everyone who may have been shared with.
 */
function withProgress(error: Error, id: string, outs: SharingInputs, news: PropertyBag): Error {
  return recordedDespiteFailure(error, id, { ...outs }, news);
}
