/**
 * Clients of the agent desk: the support service's `AgentService` (tickets)
 * and the auth service's `AccountSupportService` (a requester's account
 * context). Imported only by the desk's own chunk.
 */
import { createClient } from "@connectrpc/connect";
import { AccountSupportService } from "../gen/portal/auth/v1/account_support_pb";
import { AgentService } from "../gen/portal/support/v1/agent_pb";
import { transport } from "./transport";

export const agentClient = createClient(AgentService, transport);
export const accountSupportClient = createClient(AccountSupportService, transport);
