/**
 * Whether a REMOVE that Pinterest answered with 404 left the audience gone. A 404 usually means it is gone already
 * (removed by hand, or by an earlier attempt), but it may mean something else, and counting it as done would drop a
 * live audience from the state: nobody's stack would own it. So the 404 counts only once a read confirms it.
 *
 * What confirms it depends on how Pinterest treats removed audiences, which its description does not say: a GET
 * answering 404, or the audience with a removed status; or, where a removed audience keeps answering GET as it was
 * but leaves the account's list, its absence from that whole list. An audience the GET answers as live and the list
 * still holds was not removed.
 */
import type { ApiAudience } from "../api/types";
import { PinterestApiError } from "../api/errors";
import { pinterestSays } from "../api/messages";
import { errorFields } from "../plugin/step-errors";
import type { AudienceSource } from "./account-reader";
import { isRemovedAudience } from "./model";

/**
 * The audience as Pinterest still holds it, live, or undefined when a read confirms it is gone.
 * @param source Where to read (a GET, then the account's whole list when the GET shows it live).
 * @param isNotFound Tells whether an error from `source.get` means "no such audience".
 * @param adAccountId The owner ad account.
 * @param audienceId The audience.
 */
export async function stillLive(
  source: AudienceSource,
  isNotFound: (error: unknown) => boolean,
  adAccountId: string,
  audienceId: string,
): Promise<ApiAudience | undefined> {
  let got: ApiAudience;
  try {
    got = await source.get(adAccountId, audienceId);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  if (isRemovedAudience(got)) return undefined;
  const listed = (await source.list(adAccountId)).find((audience) => audience.id === audienceId);
  return listed === undefined || isRemovedAudience(listed) ? undefined : listed;
}

/**
 * The error of a REMOVE answered 404 for an audience Pinterest still holds: Pinterest's code and message, what the
 * reads showed, and what to do.
 * @param error The REMOVE's 404.
 * @param adAccountId The owner ad account.
 * @param live The audience as Pinterest still lists it.
 */
export function removeRefused(error: PinterestApiError, adAccountId: string, live: ApiAudience): PinterestApiError {
  const status = typeof live.status === "string" ? ` (status ${live.status})` : "";
  return new PinterestApiError({
    ...errorFields(error),
    message:
      `Pinterest answered the REMOVE of audience ${live.id} with HTTP 404.${pinterestSays(error)} Yet it still exists: a GET and ` +
      `the list of ad account ${adAccountId}'s audiences both still show it${status}, so it was not removed, and it stays in the state. ` +
      `Run \`pulumi destroy\` again; if Pinterest keeps answering 404, check that the token's user may manage ad account ${adAccountId}, or remove the audience in Ads Manager.`,
  });
}
