/**
 * Client of the auth service's `AdminService` (organisations, sites,
 * users, the audit trail). Imported only by the admin pages' own chunk.
 */
import { createClient } from "@connectrpc/connect";
import { AdminService } from "../gen/portal/auth/v1/admin_pb";
import { transport } from "./transport";

export const adminClient = createClient(AdminService, transport);
