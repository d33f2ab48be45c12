/**
 * One Pinterest Ads audience of each documented type, managed as code.
 *
 * Credentials never appear here: the provider reads them from the stack configuration
 * (`pulumi config set --secret pinterest:accessToken …`) or from PINTEREST_ACCESS_TOKEN.
 */
import * as pulumi from "@pulumi/pulumi";
import { Audience, AudienceSharing } from "pulumi-pinterest-audiences";

const config = new pulumi.Config();
/** The ad account that owns every audience below. */
const adAccountId = config.require("adAccountId");

/** People from an uploaded customer list (e.g. newsletter subscribers). */
const subscribers = new Audience("newsletter-subscribers", {
  adAccountId,
  name: "Newsletter subscribers",
  description: "Everyone on the newsletter customer list.",
  audienceType: "CUSTOMER_LIST",
  rule: { customerListId: config.require("customerListId") },
});

/** People who reached checkout on the website in the last 30 days. */
const checkoutVisitors = new Audience("checkout-visitors", {
  adAccountId,
  name: "Checkout visitors (30 days)",
  description: "Site visitors who reached checkout.",
  audienceType: "VISITOR",
  rule: {
    visitorSourceId: config.require("conversionTagId"),
    event: "checkout",
    retentionDays: 30,
    eventSource: { "=": ["web"] },
    ingestionSource: { "=": ["tag"] },
  },
});

/** People who saved or clicked pins linking to our domain in the last 90 days. */
const engagers = new Audience("pin-engagers", {
  adAccountId,
  name: "Pin engagers (90 days)",
  audienceType: "ENGAGEMENT",
  rule: {
    engagementDomain: [config.get("engagementDomain") ?? "www.example.com"],
    engagementType: "save",
    engagerType: 1,
    retentionDays: 90,
  },
});

/** A US lookalike of the newsletter subscribers: its seed is the customer list audience's id. */
const lookalike = new Audience("subscribers-lookalike-us", {
  adAccountId,
  name: "Subscribers lookalike (US, 5%)",
  audienceType: "ACTALIKE",
  rule: subscribers.id.apply((seed) => ({ seedId: [seed], country: "US", percentage: 5 })),
});

/**
 * Optional: let another ad account of the same Pinterest Business Hierarchy (a sister brand, an agency's account)
 * use the subscribers audience. Pulumi shares it once the audience exists; a recipient revoked by hand is shared
 * again by the next `pulumi up`.
 */
const partner = config.get("shareWithAdAccountId");
if (partner) {
  new AudienceSharing("newsletter-subscribers-sharing", { adAccountId, audienceId: subscribers.id, recipientAdAccountIds: [partner] });
}

/** Pinterest's ids of the audiences, to target them in ad groups. */
export const audienceIds = {
  customerList: subscribers.id,
  visitor: checkoutVisitors.id,
  engagement: engagers.id,
  actalike: lookalike.id,
};
