// Audiences of Pinterest ad account 549755885175, written by `pinterest-audiences import`.
// Each importId adopts an existing audience: the next `pulumi up` adopts them and changes nothing at Pinterest.
import { Audience } from "pulumi-pinterest-audiences";

new Audience("spring-sale-buyers", {
  adAccountId: "549755885175",
  name: "Spring sale buyers",
  description: "Uploaded from the shop's CRM.",
  audienceType: "CUSTOMER_LIST",
  importId: "2542620639261",
  rule: {
    customerListId: "5497558859876",
  },
});

new Audience("cart-abandoners", {
  adAccountId: "549755885175",
  name: "Cart abandoners",
  audienceType: "VISITOR",
  importId: "2542620639262",
  rule: {
    visitorSourceId: "2542620639259",
    event: "addtocart",
    retentionDays: 14,
    prefill: true,
  },
});
