/** Client of `portal.auth.v1.PasswordResetService` (forgot password). */
import { createClient } from "@connectrpc/connect";
import { PasswordResetService } from "../gen/portal/auth/v1/password_reset_pb";
import { transport } from "./transport";

export const passwordResetClient = createClient(PasswordResetService, transport);
