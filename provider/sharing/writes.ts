/**
 * Reading and changing who has an audience, whatever Pinterest does where its description is silent.
 *
 * The description does not say whether sharing with a recipient that already has the audience, or revoking one
 * that does not, is accepted or refused, nor whether a write whose answer was lost took effect. So a SHARE or
 * REVOKE is never blindly re-sent: after a failure the recipients are listed, and only what is still missing is
 * sent again. A refused write whose goal the list shows as already met counts as done.
 *
 * Each write's outcome is recorded as it is learnt in a {@link Holders}: who may hold the audience, so that a step
 * that fails half-way can still tell the engine everyone a later REVOKE must reach.
 */
import type { PinterestClient } from "../api/client";
import { PinterestApiError } from "../api/errors";
import { isNotFound } from "../plugin/step-errors";
import { isRemovedAudience } from "../audience/model";
import { canonicalIds, RecipientChange, RecipientKind, recipientIdsOf, SharingInputs } from "./model";

/**
 * Who may hold an audience, of one kind, as far as one step knows: the set it started from, plus every recipient
 * of a SHARE that succeeded or whose outcome is unknown, minus every recipient of a REVOKE Pinterest confirmed. A
 * superset of who holds it: safe to revoke from, never missing anyone a write of the step may have reached.
 */
export class Holders {
  private readonly held: Set<string>;
  private wrote = false;

  /** Starts from `ids`: those the state records, or the live list. */
  constructor(ids: Iterable<string> = []) {
    this.held = new Set(ids);
  }

  /** The ids, sorted. */
  ids(): string[] {
    return canonicalIds([...this.held]);
  }

  /** Whether a write of the step may have taken effect (a SHARE or REVOKE that succeeded or whose outcome is unknown). */
  touched(): boolean {
    return this.wrote;
  }

  /** A SHARE of `ids` succeeded, or may have. */
  mayHaveShared(ids: readonly string[]): void {
    this.wrote = true;
    for (const id of ids) this.held.add(id);
  }

  /** A REVOKE of `ids` may have taken effect: they may still hold it until one is confirmed. */
  mayHaveRevoked(): void {
    this.wrote = true;
  }

  /** Pinterest confirmed a REVOKE of `ids`. */
  revoked(ids: readonly string[]): void {
    this.wrote = true;
    for (const id of ids) this.held.delete(id);
  }

  /** A list shows `ids` holding the audience. */
  listed(ids: readonly string[]): void {
    for (const id of ids) this.held.add(id);
  }
}

/** How many times one SHARE or REVOKE is sent, counting the first, while a list shows it still has work to do. */
const MAX_WRITE_ATTEMPTS = 3;

/**
 * The live recipients of one kind, through every page; undefined when the audience does not exist (any more).
 * The description documents a 404 "Shared accounts not found" for this list, which may also mean "shared with
 * nobody": a 404 is told apart by reading the audience itself.
 */
export async function liveRecipients(client: PinterestClient, sharing: SharingInputs, kind: RecipientKind): Promise<string[] | undefined> {
  try {
    const accounts = await client.sharing.recipients(sharing.adAccountId, sharing.audienceId, kind.accountType);
    return recipientIdsOf(accounts, kind, sharing.adAccountId);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    const audience = await client.audiences.get(sharing.adAccountId, sharing.audienceId);
    return isRemovedAudience(audience) ? undefined : [];
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Carries out one kind's change: one SHARE of `change.share` and one REVOKE of `change.revoke` (each only when
 * non-empty). After a failure the recipients are listed: what already took effect is not sent again. `holders`
 * learns each write's outcome as soon as it is known, also when this throws.
 */
export async function applyChange(client: PinterestClient, sharing: SharingInputs, change: RecipientChange, holders: Holders): Promise<void> {
  for (const [operation, ids] of [
    ["SHARE", change.share],
    ["REVOKE", change.revoke],
  ] as const) {
    let pending = ids;
    for (let attempt = 1; pending.length > 0; attempt++) {
      try {
        await client.sharing.change(sharing.adAccountId, sharing.audienceId, change.kind.accountType, operation, pending);
        if (operation === "SHARE") holders.mayHaveShared(pending);
        else holders.revoked(pending);
        break;
      } catch (error) {
        // Any failure but Pinterest's answer that it did nothing leaves the outcome unknown.
        if (!(error instanceof PinterestApiError) || error.ambiguous) {
          if (operation === "SHARE") holders.mayHaveShared(pending);
          else holders.mayHaveRevoked();
        }
        if (!(error instanceof PinterestApiError) || !mayHaveEffectOrBeMoot(error)) throw error;
        const live = await listAfterFailure(client, sharing, change.kind, error);
        const has = new Set(live);
        if (operation === "SHARE") holders.listed(pending.filter((id) => has.has(id)));
        const left = pending.filter((id) => (operation === "SHARE" ? !has.has(id) : has.has(id)));
        if (left.length === 0) break;
        // The same request again with the same answer to expect: give up with Pinterest's own words.
        if (attempt >= MAX_WRITE_ATTEMPTS || (!error.ambiguous && left.length === pending.length)) throw error;
        pending = left;
      }
    }
  }
}

/**
 * Whether a failed write is worth a look at the list: its outcome is unknown (timeout, lost connection, 5xx), or
 * Pinterest refused it with a 400 or 409, which it may do for a recipient that already has (or lacks) the audience.
 */
function mayHaveEffectOrBeMoot(error: PinterestApiError): boolean {
  return error.ambiguous || error.status === 400 || error.status === 409;
}

/** The live recipients after a failed write; a failing list is reported together with the write's own error. */
async function listAfterFailure(
  client: PinterestClient,
  sharing: SharingInputs,
  kind: RecipientKind,
  writeError: PinterestApiError,
): Promise<string[]> {
  let live: string[] | undefined;
  try {
    live = await liveRecipients(client, sharing, kind);
  } catch (listError) {
    const listMessage = listError instanceof Error ? listError.message : String(listError);
    throw new Error(
      `${writeError.message} Listing who has the audience, to learn whether the change took effect, failed too: ${listMessage} ` +
        "Run `pulumi refresh` and then `pulumi up` again: the refresh reads who has the audience, and up sends only what is still missing.",
      { cause: writeError },
    );
  }
  if (live === undefined) throw writeError;
  return live;
}
