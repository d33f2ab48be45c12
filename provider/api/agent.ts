/**
 * The client's keep-alive HTTP(S) agent, which never hands request headers to the socket layer.
 *
 * Node's agent traces the options of every new connection under `NODE_DEBUG=http`, and node-fetch passes the
 * request headers (Authorization included) in those options. Sockets never need headers, so they are dropped
 * before the agent sees them: a debug trace of the provider process cannot print a token.
 */
import * as http from "http";
import * as https from "https";

/** `Agent.addRequest`, which @types/node does not declare. */
type AddRequest = (request: http.ClientRequest, options: Record<string, unknown>, ...rest: unknown[]) => void;

/** A keep-alive agent for `baseUrl`'s protocol whose connection options carry no request headers. */
export function createAgent(baseUrl: string, options: http.AgentOptions): http.Agent {
  const agent = baseUrl.startsWith("https:") ? new https.Agent(options) : new http.Agent(options);
  const target = agent as unknown as { addRequest: AddRequest };
  const addRequest = target.addRequest;
  target.addRequest = function (this: http.Agent, request, requestOptions, ...rest) {
    const withoutHeaders: Record<string, unknown> = { ...requestOptions };
    delete withoutHeaders.headers;
    return addRequest.call(this, request, withoutHeaders, ...rest);
  };
  return agent;
}
