/**
 * Client of `portal.auth.v1.AuthService`: sign in and out, "who am I"
 * (`getSession`), own sessions, password change and the access policy.
 *   const res = await authClient.login({ email, password });
 */
import { createClient } from "@connectrpc/connect";
import { AuthService } from "../gen/portal/auth/v1/auth_pb";
import { transport } from "./transport";

export const authClient = createClient(AuthService, transport);
