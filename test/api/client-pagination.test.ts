/** Pagination: list follows every bookmark, sends the list options, reports pages, and guards against a looping cursor. */
import { PinterestClient } from "../../provider/api";
import { startFakeServer, type FakeServer } from "../helpers/fake-server";

const ACCOUNT = "549755885175";
let server: FakeServer | undefined;
let client: PinterestClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.stop();
});

/** A server holding `total` audiences, serving them in pages of the requested size with numeric bookmarks. */
async function pagedServer(total: number) {
  server = await startFakeServer((req) => {
    const size = Number(req.query.get("page_size") ?? 25);
    const start = Number(req.query.get("bookmark") ?? 0);
    const items = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => ({
      id: String(start + i + 1),
      ad_account_id: ACCOUNT,
      name: `a${start + i}`,
      audience_type: "VISITOR",
    }));
    return { status: 200, body: { items, bookmark: start + size < total ? String(start + size) : null } };
  });
  client = new PinterestClient({ baseUrl: server.url, accessToken: "test-token-abcdef", rateLimits: { ads_read: Infinity } });
  return { server, client };
}

test("list returns every audience across pages of 250, reporting each page", async () => {
  const { server, client } = await pagedServer(620);
  const pages: number[] = [];
  const all = await client.audiences.list(ACCOUNT, { onPage: (n) => pages.push(n) });
  expect(all.map((a) => a.id)).toEqual(Array.from({ length: 620 }, (_, i) => String(i + 1)));
  expect(pages).toEqual([250, 250, 120]);
  expect(server.requests.map((r) => r.query.get("page_size"))).toEqual(["250", "250", "250"]);
  expect(server.requests.map((r) => r.query.get("bookmark"))).toEqual([null, "250", "500"]);
});

test("order, ownership type and page size are sent as query parameters", async () => {
  const { server, client } = await pagedServer(3);
  await client.audiences.list(ACCOUNT, { order: "DESCENDING", ownershipType: "RECEIVED", pageSize: 2 });
  expect(Object.fromEntries(server.requests[0].query)).toEqual({ page_size: "2", order: "DESCENDING", ownership_type: "RECEIVED" });
  expect(server.requests).toHaveLength(2);
});

test("pages() is lazy: stopping after the first page sends no more requests", async () => {
  const { server, client } = await pagedServer(1000);
  for await (const page of client.audiences.pages(ACCOUNT, { pageSize: 100 })) {
    expect(page).toHaveLength(100);
    break;
  }
  expect(server.requests).toHaveLength(1);
});

test("a bookmark that comes back twice is an error instead of an endless loop", async () => {
  server = await startFakeServer(() => ({ status: 200, body: { items: [], bookmark: "same" } }));
  client = new PinterestClient({ baseUrl: server.url, accessToken: "test-token-abcdef", rateLimits: { ads_read: Infinity } });
  await expect(client.audiences.list(ACCOUNT)).rejects.toMatchObject({ kind: "invalid_response", operation: "audiences/list" });
  expect(server.requests).toHaveLength(2);
});

test("an answer without an items list is an invalid_response error", async () => {
  server = await startFakeServer(() => ({ status: 200, body: { data: [] } }));
  client = new PinterestClient({ baseUrl: server.url, accessToken: "test-token-abcdef" });
  await expect(client.audiences.list(ACCOUNT)).rejects.toMatchObject({ kind: "invalid_response" });
});
