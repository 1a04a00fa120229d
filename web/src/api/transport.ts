/**
 * The one grpc-web transport of the app. Calls go to the page's own origin,
 * where the gateway serves both this app and the API; the session travels
 * in an HttpOnly cookie that the browser sends by itself, so no code here
 * (or anywhere in the app) ever handles a session token.
 *
 * Make a client per service in its own module (see ./auth.ts), so a page
 * only loads the services it calls:
 *
 *   import { createClient } from "@connectrpc/connect";
 *   import { SupportService } from "../gen/portal/support/v1/support_pb";
 *   export const supportClient = createClient(SupportService, transport);
 */
import { createGrpcWebTransport } from "@connectrpc/connect-web";

export const transport = createGrpcWebTransport({
  baseUrl: location.origin,
  useBinaryFormat: true,
});
