/** What RegisterView hands to each step view. */
import type { ApiError } from "../api/errors";
import type { RegistrationStep } from "../gen/portal/auth/v1/auth_pb";
import type { GetRegistrationResponse } from "../gen/portal/auth/v1/registration_pb";

export interface StepProps {
  /** The registration as GetRegistration last returned it. */
  registration: GetRegistrationResponse;
  /** Call after the step's RPC succeeded, with the pending steps it returned. */
  onDone: (pending: readonly RegistrationStep[]) => Promise<void>;
  /**
   * Call with every failed call first: returns true when it was handled
   * for the whole flow (the registration session ended → back to sign-in).
   */
  onSessionError: (err: ApiError) => boolean;
}
