/** Client of `portal.auth.v1.RegistrationService` (first-time registration). */
import { createClient } from "@connectrpc/connect";
import { RegistrationService } from "../gen/portal/auth/v1/registration_pb";
import { transport } from "./transport";

export const registrationClient = createClient(RegistrationService, transport);
