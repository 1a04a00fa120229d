/** Client of `portal.support.v1.SupportService` (contact form, call backs, ticket status). */
import { createClient } from "@connectrpc/connect";
import { SupportService } from "../gen/portal/support/v1/support_pb";
import { transport } from "./transport";

export const supportClient = createClient(SupportService, transport);
