// Setting the scene over native gRPC (HTTP/2, tokens in bodies), the way an
// internal service would: the demo program administrator provisions users,
// and `activeUser` walks a provisioned user through registration, so a
// browser test starts from the state it is about.
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { AdminService } from "../../src/gen/portal/auth/v1/admin_pb";
import { AuthService } from "../../src/gen/portal/auth/v1/auth_pb";
import { PasswordResetService } from "../../src/gen/portal/auth/v1/password_reset_pb";
import { RegistrationService } from "../../src/gen/portal/auth/v1/registration_pb";
import { AgentService, NoteVisibility } from "../../src/gen/portal/support/v1/agent_pb";
import { Category, SupportService } from "../../src/gen/portal/support/v1/support_pb";
import { demoPassword } from "./fixtures";
import { temporaryPassword, verificationCode } from "./mail";

export const ADMIN = "admin@demo.example";
export const AGENT = "agent@demo.example";
export const USER = "user@demo.example";

/** A password that meets the policy. */
export const PASSWORD = "lantern-harbour-violet-42";

export const ANSWERS = [
  { questionId: "first-pet", answer: "Rex" },
  { questionId: "childhood-street", answer: "Elm Street" },
  { questionId: "first-school", answer: "Hillside Primary" },
];

function transport() {
  const baseUrl = process.env.PORTAL_E2E_BASE_URL;
  if (!baseUrl) throw new Error("PORTAL_E2E_BASE_URL is not set");
  return createGrpcTransport({ baseUrl });
}

function bearer(token: string) {
  return { headers: { authorization: `Bearer ${token}` } };
}

export function authClient(): Client<typeof AuthService> {
  return createClient(AuthService, transport());
}

async function signIn(email: string, password: string): Promise<string> {
  const reply = await authClient().login({ email, password });
  return reply.sessionToken;
}

/** Provisions `email` at the demo site (or at none) as the demo program
 *  administrator and returns the temporary password from the access email. */
export async function provisionUser(email: string, opts: { withSite?: boolean } = {}) {
  const token = await signIn(ADMIN, demoPassword(ADMIN));
  const admin = createClient(AdminService, transport());
  const { sites } = await admin.listSites({}, bearer(token));
  const site = sites.find((s) => s.name === "Demo Clinic");
  if (!site) throw new Error("no Demo Clinic site");
  await admin.provisionUser(
    {
      email,
      organizationId: site.organizationId,
      siteIds: opts.withSite === false ? [] : [site.id],
      roles: [],
    },
    bearer(token),
  );
  return temporaryPassword(email);
}

/** A provisioned user who did every registration step (`PASSWORD`,
 *  `ANSWERS`) but has not finished: signing in opens the registration
 *  again. Returns the client and call options of that registration session. */
export async function registeredButNotFinished(email: string, opts: { withSite?: boolean } = {}) {
  const temporary = await provisionUser(email, opts);
  const token = await signIn(email, temporary);
  const registration = createClient(RegistrationService, transport());
  const auth = bearer(token);
  await registration.updateProfile({ firstName: "Tess", lastName: "Tester" }, auth);
  await registration.setSecurityAnswers({ answers: ANSWERS }, auth);
  await registration.setPassword({ newPassword: PASSWORD }, auth);
  await registration.sendVerificationCode({}, auth);
  await registration.verifyEmail({ code: await verificationCode(email) }, auth);
  const terms = await registration.getTerms({}, auth);
  await registration.acceptTerms({ termsVersion: terms.version }, auth);
  return { registration, auth };
}

/** A provisioned user who finished registration with `PASSWORD` and
 *  `ANSWERS`. */
export async function activeUser(email: string, opts: { withSite?: boolean } = {}) {
  const { registration, auth } = await registeredButNotFinished(email, opts);
  try {
    await registration.completeRegistration({}, auth);
  } catch (error) {
    // Without a site the account is complete, but no session is opened.
    if (opts.withSite !== false) throw error;
  }
  return { email, password: PASSWORD };
}

/** The demo support agent's desk, over native gRPC. */
export async function agentDesk() {
  const token = await signIn(AGENT, demoPassword(AGENT));
  const desk = createClient(AgentService, transport());
  return {
    /** The tickets whose subject, message, name or email hold `text`. */
    find: async (text: string) =>
      (await desk.listTickets({ filter: { text }, pageSize: 100 }, bearer(token))).tickets,
    ticket: (ticketRef: string) => desk.getTicket({ ticketRef }, bearer(token)),
    replyPublicly: async (ticketRef: string, body: string) => {
      const { version } = await desk.getTicket({ ticketRef }, bearer(token));
      await desk.addNote({ ticketRef, body, visibility: NoteVisibility.PUBLIC, version }, bearer(token));
    },
  };
}

/** A requester's contact form, as the Contact Form page sends it; its reference. */
export async function submitContactForm(email: string, subject: string, message: string): Promise<string> {
  const reply = await createClient(SupportService, transport()).submitContactForm({
    name: "Lena Locked",
    email,
    organization: "Demo Health",
    category: Category.ACCOUNT_LOCKED,
    subject,
    message,
  });
  return reply.ticketRef;
}

/** A call back for tomorrow 09:00–11:00 in Tokyo, as the call-back page sends it; its reference. */
export async function requestCallback(email: string, message: string): Promise<string> {
  const start = new Date(Date.now() + 24 * 3600 * 1000);
  start.setUTCHours(0, 0, 0, 0); // 09:00 in Tokyo (UTC+9)
  const end = new Date(start.getTime() + 2 * 3600 * 1000);
  const reply = await createClient(SupportService, transport()).requestCallback({
    name: "Kenji Caller",
    email,
    phone: "+81 3-1234-5678",
    windowStart: timestampFromDate(start),
    windowEnd: timestampFromDate(end),
    timeZone: "Asia/Tokyo",
    category: Category.ACCOUNT_LOCKED,
    message,
  });
  return reply.ticketRef;
}

/** What the requester sees of a ticket (reference + email), as the status page asks. */
export async function ticketStatus(ticketRef: string, email: string) {
  return createClient(SupportService, transport()).getTicketStatus({ ticketRef, email });
}

/** Signs `email` in with a wrong password until the account locks. */
export async function lockOut(email: string) {
  for (let i = 0; i < 3; i += 1) {
    await authClient()
      .login({ email, password: "certainly-not-the-password" })
      .catch(() => undefined);
  }
}

/** Asks for a reset email for `email`, as the Forgot Password page does. */
export async function requestResetEmail(email: string) {
  await createClient(PasswordResetService, transport()).requestPasswordResetEmail({ email });
}
