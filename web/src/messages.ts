/**
 * The one message catalogue: every user-facing string of the portal, with a
 * stable id, grouped by flow (`common.*`, `nav.*`, `login.*`, `noSites.*`,
 * `register.*`, `recovery.*`, then `help.*`, `contact.*`, `account.*`).
 * A translation is a copy of this file.
 *
 *   import { t } from "../messages";
 *   t("login.next")                                  // "Next"
 *   t("common.error.retryIn", { time: "0:42" })      // "{time}" filled in
 *
 * Placeholders are `{name}`; `t` replaces each with `params.name`.
 * Wording taken from the product's help page and README (button names such
 * as "Next", "Sign In", "Forgot Password?") is a contract: keep it exact.
 * Add a flow's strings in that flow's section, ids `flow.view.thing`.
 */

export const messages = {
  // ── common: shell, shared controls, generic errors ─────────────────────
  "common.portalName": "Tracers with AMP",
  "common.documentTitle": "{title} – Tracers with AMP",
  "common.skipLink": "Skip to main content",
  "common.footer": "Tracers with AMP · Account access and support",
  "common.loading": "Loading…",
  "common.tryAgain": "Try again",
  "common.error.unavailable":
    "We can't reach the portal right now. Check your connection and try again in a moment.",
  "common.error.unexpected": "Something went wrong. Please try again later.",
  "common.error.retryIn": "You can try again in {time}.",
  "common.error.fixFields": "Some fields need your attention. See the messages beside them.",
  "common.field.violation": "{label} {description}.",
  "common.field.required": "Enter your {label}.",
  "common.showPassword": "Show password",
  "common.select.placeholder": "Choose…",
  "common.charCount": "{count} of {max} characters",
  "common.charCountOver": "{over} characters too many ({count} of {max})",
  "common.notFound.title": "Page not found",
  "common.notFound.body":
    "There is no page at this address. The link may be incomplete, or the page may have moved.",
  "common.notFound.home": "Go to the start page",

  // ── nav: the header ─────────────────────────────────────────────────────
  "nav.label": "Main",
  "nav.help": "Help",
  "nav.contact": "Contact Form",
  "nav.signIn": "Sign in",
  "nav.account": "Account",
  "nav.desk": "Support desk",
  "nav.admin": "Administration",
  "nav.register": "Registration",

  // ── login: /login ───────────────────────────────────────────────────────
  "login.title": "Sign in",
  "login.heading": "Sign in",
  "login.intro": "Use the email address your access was given to.",
  "login.email.label": "Email",
  "login.email.required": "Enter your email address.",
  "login.email.invalid": "Enter an email address like name@example.com.",
  "login.next": "Next",
  "login.password.heading": "Enter your password",
  "login.password.label": "Password",
  "login.password.required": "Enter your password.",
  "login.password.spaceHint":
    "Your password starts or ends with a space. If the space is not part of your password, remove it.",
  "login.signingInAs": "Signing in as",
  "login.changeEmail": "Change email",
  "login.signIn": "Sign In",
  "login.forgotPassword": "Forgot Password?",
  "login.contactForm": "Contact Form",
  "login.lockedRetryAt": "The lock ends at {time}.",
  "login.sessionEnded": "Your session has ended. Please sign in again.",
  // Shown by the server with these exact words (README, "Sign-in and lockout"); kept here for
  // pages reached without a server reply, such as /no-sites on a reload.
  "login.message.noSites":
    "There are no sites associated to your account. Please contact your Program Administrator or the License Owner within your organization for further assistance.",

  // ── noSites: /no-sites ──────────────────────────────────────────────────
  "noSites.title": "No sites on your account",
  "noSites.heading": "No sites on your account",
  "noSites.explain":
    "Your account works, but no site of your organisation has been granted to it yet. Only your organisation's program administrator or licence owner can grant one. If you don't know who that is, the support team can help you find out.",
  "noSites.contactForm": "Contact Form",
  "noSites.help": "Help",

  // ── register: /register and its steps ───────────────────────────────────
  "register.title": "Registration",
  "register.stepTitle": "{step} – Registration",
  "register.intro":
    "A few steps finish setting up your account. You can do them in any order.",
  "register.progress.label": "Registration steps",
  "register.progress.done": "done",
  "register.progress.pending": "to do",
  "register.signOut.intro": "What you have done so far is kept. Sign in again to carry on.",
  "register.signOut.button": "Sign out",
  "register.sessionEnded":
    "To start or carry on with your registration, sign in with the temporary password from your access email (or, once you have set one, your new password).",
  "register.saveAndContinue": "Save and continue",
  "register.continue": "Continue",
  "register.step.profile": "Your name",
  "register.step.securityQuestions": "Security questions",
  "register.step.password": "Password",
  "register.step.emailVerification": "Email address",
  "register.step.terms": "Terms of use",

  "register.profile.heading": "Your name",
  "register.profile.intro": "Tell us your name as your organisation knows it.",
  "register.profile.firstName": "First name",
  "register.profile.lastName": "Last name",

  "register.questions.heading": "Security questions",
  "register.questions.intro":
    "Choose three different questions and answer them. If you forget your password, answering them lets you set a new one. Answers are not case-sensitive.",
  "register.questions.question": "Question {n}",
  "register.questions.answer": "Answer {n}",
  "register.questions.placeholder": "Choose a question",
  "register.questions.choose": "Choose a question from the list.",
  "register.questions.all": "Security questions",
  "register.questions.answeredBefore":
    "You chose these questions before. Enter the answers again to save them.",

  "register.password.heading": "Choose a password",
  "register.password.intro": "You will sign in with this password from now on.",

  "register.verify.heading": "Verify Your Email Address",
  "register.verify.intro": "We'll email a 6-digit code to {email}.",
  "register.verify.codeLife": "The code works for {minutes} minutes.",
  "register.verify.send": "Send Verification Code",
  "register.verify.haveCode": "I already have a code",
  "register.verify.sent": "We sent a code to {email}",
  "register.verify.code.label": "Verification code",
  "register.verify.code.hint": "The 6 digits from the email.",
  "register.verify.verify": "Verify",
  "register.verify.resend": "Resend Now",
  "register.verify.countdown": "You can request a new code in {time}",
  "register.verify.resendHelp":
    "No email? Allow a few minutes and look in your spam or junk folder. Resend Now sends a new code, which replaces the old one.",
  "register.verify.newCodeSent": "A new code is on its way to {email}.",
  "register.verify.code.required": "Enter the 6-digit code from the email.",
  "register.verify.done": "Your email address is verified.",

  "register.terms.heading": "Terms of use",
  "register.terms.intro": "Please read the terms of use of the portal.",
  "register.terms.region": "Terms of use text",
  "register.terms.version": "Version {version}",
  "register.terms.checkbox": "I accept the terms of use",
  "register.terms.mustAccept": "Select the box to accept the terms of use.",
  "register.terms.accept": "Accept",
  "register.terms.done": "You have accepted the current terms of use.",

  "register.finish.heading": "Finish registration",
  "register.finish.intro": "All the steps are done. Finish your registration to open the portal.",
  "register.finish.button": "Finish registration",
  "register.finish.pending": "These steps are still to do:",

  // ── recovery: /forgot-password and /reset-password ──────────────────────
  "recovery.forgot.title": "Forgot password",
  "recovery.forgot.heading": "Forgot your password?",
  "recovery.forgot.intro":
    "Enter the email address you sign in with, then choose how to reset your password.",
  "recovery.forgot.email.label": "Email",
  "recovery.forgot.option.legend": "How would you like to reset your password?",
  "recovery.forgot.option.questions": "Answer Security Questions",
  "recovery.forgot.option.questionsHint": "Answer the three questions you chose when you registered.",
  "recovery.forgot.option.email": "Send Email Instructions to Reset Password",
  "recovery.forgot.option.emailHint": "We email you a link to set a new password.",
  "recovery.continue": "Continue",
  "recovery.cancel": "Cancel",

  "recovery.questions.title": "Security questions",
  "recovery.questions.heading": "Answer your security questions",
  "recovery.questions.intro":
    "Answer the questions you chose when you registered. Answers are not case-sensitive.",
  "recovery.questions.answerLabel": "Answer {n}",
  "recovery.questions.answerRequired": "Enter your answer to this question.",
  "recovery.questions.locked": "You can try the security questions again in {time}.",
  "recovery.questions.cantAnswer": "Can't remember your answers?",
  "recovery.questions.useEmail": "Send Email Instructions to Reset Password",

  "recovery.checkEmail.title": "Check your email",
  "recovery.checkEmail.heading": "Check your email",
  "recovery.checkEmail.sent":
    "If an account uses the email address you entered, we have sent it a link to reset your password.",
  "recovery.checkEmail.life": "The link works for {minutes} minutes, and only once.",
  "recovery.checkEmail.lifeUnknown": "The link works for a limited time, and only once.",
  "recovery.checkEmail.spam":
    "If the email doesn't arrive within a few minutes, look in your spam or junk folder. A company mail filter may hold it back. We send at most one email a minute, so asking again right away sends nothing new.",
  "recovery.checkEmail.back": "Back to sign in",

  "recovery.newPassword.title": "Choose a new password",
  "recovery.newPassword.heading": "Choose a new password",
  "recovery.newPassword.intro":
    "Your new password replaces the old one, unlocks your account and signs you out everywhere.",
  "recovery.newPassword.submit": "Change password",

  "recovery.done.title": "Password changed",
  "recovery.done.heading": "Your password has been changed",
  "recovery.done.body": "You can now sign in with your new password. We have also emailed you to confirm the change.",
  "recovery.done.signIn": "Sign in",

  "recovery.invalid.title": "Link not valid",
  "recovery.invalid.heading": "This link is not valid",
  "recovery.invalid.body":
    "The link to reset your password has expired, has already been used, was replaced by a newer one, or is incomplete.",
  "recovery.invalid.life": "Each link works once, for {minutes} minutes.",
  "recovery.invalid.sendNew": "Send a new email",
  "recovery.openAgain.title": "Open the link from your email",
  "recovery.openAgain.heading": "Open the link from your email",
  "recovery.openAgain.body":
    "For your safety, this page forgets the link as soon as it opens, so reloading it does not work. Open the link in the email again. If it no longer works, ask for a new email.",
  "recovery.newPassword.forAccount": "For the account {email}.",

  // ── password: the set-a-new-password fields (register, reset, account) ──
  "password.new.label": "New password",
  "password.confirm.label": "Confirm password",
  "password.confirm.mismatch": "The passwords do not match.",
  "password.new.required": "Enter a new password.",
  "password.confirm.required": "Enter the new password again.",
  "password.spaceHint":
    "Your password starts or ends with a space. That's allowed: the space is part of your password.",
  "password.username.label": "Email",
  "password.rules.heading": "Your password must:",
  "password.rules.length": "be {min} to {max} characters long",
  "password.rules.common": "not be one of the most common passwords",
  "password.rules.localPart": "not contain the part of your email address before the @ ({localPart})",
  "password.rules.localPartUnknown": "not contain the part of your email address before the @",
  "password.rules.free":
    "Any characters are allowed, spaces too. There are no rules about capitals, digits or symbols.",

  // ── help: /help ─────────────────────────────────────────────────────────
  // Text with **…** is shown in bold (the names of the portal's controls).
  "help.title": "Help signing in",
  "help.heading": "Help signing in",
  "help.intro":
    "Can't get into the portal? Find what happened below: each part says what it means and what to do next.",
  "help.toc.label": "On this page",
  "help.action.signIn": "Sign in",
  "help.action.forgotPassword": "Forgot Password?",
  "help.action.register": "Back to registration",
  "help.action.contactForm": "Contact Form",
  "help.action.callback": "Request a call back",
  "help.unit.minute": "1 minute",
  "help.unit.minutes": "{n} minutes",
  "help.unit.hour": "1 hour",
  "help.unit.hours": "{n} hours",
  "help.unit.second": "1 second",
  "help.unit.seconds": "{n} seconds",

  "help.firstTime.heading": "Signing in for the first time",
  "help.firstTime.who":
    "Access to the portal is given by your organisation's program administrator or licence owner, never by the portal's support team.",
  "help.firstTime.email":
    "Look for the access email. Its subject is “Tracers with AMP Access”. It holds a temporary password that works once, for {minutes} after it was made.",
  "help.firstTime.emailNoNumbers":
    "Look for the access email. Its subject is “Tracers with AMP Access”. It holds a temporary password that works once, for a short time after it was made.",
  "help.firstTime.steps":
    "Sign in with your email address and that temporary password. The portal then asks for your name, three security questions, a new password, the verification code it emails you, and your acceptance of the terms of use.",
  "help.firstTime.expired":
    "If the temporary password has expired, use **Forgot Password?** and choose **Send Email Instructions to Reset Password** (you have no security questions yet): the new password it sets finishes that step of the registration.",
  "help.firstTime.noEmail": "If you never got the access email, ask your program administrator.",

  "help.code.heading": "The verification code did not arrive",
  "help.code.send":
    "On the **Verify Your Email Address** step, press **Send Verification Code**. If nothing arrives, press **Resend Now**: a new code replaces the old one.",
  "help.code.limits":
    "Each code works for {codeLife}. After each send, wait {wait} before asking for a new code; you can ask up to {perHour} times an hour.",
  "help.code.limitsNoLife":
    "After each send, wait {wait} before asking for a new code; you can ask up to {perHour} times an hour.",
  "help.code.limitsNoNumbers": "There is a short wait between sends, and a limit on how many codes you can ask for in an hour.",
  "help.code.wait": "Allow a few minutes, and look in your spam or junk folder.",
  "help.code.filter":
    "A company mail filter may hold the email back: ask your IT team to let through mail from {domain}.",
  "help.code.filterNoDomain":
    "A company mail filter may hold the email back: ask your IT team to let through mail from the portal.",

  "help.forgot.heading": "You forgot your password",
  "help.forgot.start":
    "On the sign-in page, choose **Forgot Password?**. Enter your email address, then choose how to reset your password:",
  "help.forgot.questions":
    "**Answer Security Questions** (the default): answer the questions you chose when you registered.",
  "help.forgot.email":
    "**Send Email Instructions to Reset Password**: we email you a link to set a new password.",
  "help.forgot.continue": "Then press **Continue**. **Cancel** takes you back to sign-in.",
  "help.forgot.cantAnswer": "If you can't answer the questions, cancel and choose the email option.",

  "help.resetEmail.heading": "The reset email did not arrive",
  "help.resetEmail.life": "The link in the email works once, for {minutes}. A newer email replaces it.",
  "help.resetEmail.lifeNoNumbers": "The link in the email works once, for a limited time. A newer email replaces it.",
  "help.resetEmail.wait": "Allow a few minutes, and look in your spam or junk folder.",
  "help.resetEmail.filter":
    "A company mail filter may hold the email back: ask your IT team to let through mail from {domain}.",
  "help.resetEmail.filterNoDomain":
    "A company mail filter may hold the email back: ask your IT team to let through mail from the portal.",
  "help.resetEmail.other":
    "Still nothing? Use **Forgot Password?** again and choose **Answer Security Questions** instead. If neither works, write to us with the **Contact Form**.",

  "help.invalid.heading": "“Invalid email and/or password.”",
  "help.invalid.meaning":
    "The portal could not match that email address and password. For your safety it doesn't say which of the two is wrong.",
  "help.invalid.check":
    "Check that the email address is the one your access was given to, then check the password (is Caps Lock on?).",
  "help.invalid.attempts":
    "Take care: after {attempts} wrong passwords in a row, the account is locked for {minutes}.",
  "help.invalid.reset":
    "If it still fails, reset your password with **Forgot Password?**. If you can't, your program administrator or licence owner can help.",

  "help.noSites.heading": "No sites on your account",
  "help.noSites.quoteIntro": "You signed in and saw this message:",
  "help.noSites.meaning":
    "Your account works, but no site of your organisation has been granted to it. Only your program administrator or licence owner can grant one.",
  "help.noSites.contact":
    "If you don't know who that is, tell us with the **Contact Form** and we'll help you find out.",

  "help.locked.heading": "Your account is temporarily locked",
  "help.locked.quoteIntro": "You tried to sign in and saw this message:",
  "help.locked.quote":
    "The username or password is incorrect. Your account has been temporarily locked due to repeated failed login attempts. Use the Forgot Password link to reset your password and unlock your account.",
  "help.locked.why":
    "After {attempts} wrong passwords in a row, the account locks for {minutes}. While it is locked, signing in doesn't work, even with the right password.",
  "help.locked.whyNoNumbers":
    "After several wrong passwords in a row, the account locks for a while. While it is locked, signing in doesn't work, even with the right password.",
  "help.locked.what":
    "Reset your password with **Forgot Password?** to unlock your account now, or wait until the lock ends and sign in again.",
  "help.locked.mail": "We also email you when your account is locked.",

  "help.stuck.heading": "Still stuck?",
  "help.stuck.body":
    "Write to us with the **Contact Form**, or ask for a call back at a time that suits you. Either way you get a reference, and you can check on your request with it.",

  // ── contact: /contact ───────────────────────────────────────────────────
  "contact.tabs.label": "Ways to reach support",
  "contact.tabs.form": "Contact Form",
  "contact.tabs.callback": "Request a call back",
  "contact.tabs.status": "Ticket status",

  "contact.category.label": "Category",
  "contact.category.placeholder": "Choose what your request is about",
  "contact.category.required": "Choose a category.",
  "contact.category.FIRST_TIME_LOGIN": "Signing in for the first time",
  "contact.category.VERIFICATION_CODE": "Verification code not received",
  "contact.category.FORGOT_PASSWORD": "Forgot password",
  "contact.category.RESET_EMAIL": "Reset email not received",
  "contact.category.INVALID_CREDENTIALS": "“Invalid email and/or password.”",
  "contact.category.NO_SITES": "No sites on my account",
  "contact.category.ACCOUNT_LOCKED": "Account temporarily locked",
  "contact.category.OTHER": "Something else",

  "contact.name.label": "Name",
  "contact.name.required": "Enter your name.",
  "contact.email.label": "Email",
  "contact.email.required": "Enter your email address.",
  "contact.email.hint": "We send the reply and your reference here.",
  "contact.signedIn": "You are signed in as {name}. We reply to your account's address, {email}.",
  "contact.organization.label": "Organisation (optional)",
  "contact.subject.label": "Subject",
  "contact.subject.required": "Enter a subject.",
  "contact.message.label": "Message",
  "contact.message.required": "Enter your message.",
  "contact.message.hint": "Tell us what happened and what you tried. Never send your password.",

  "contact.form.title": "Contact Form",
  "contact.form.heading": "Contact Form",
  "contact.form.intro":
    "Write to the support team. We answer by email, and you can follow your request with the reference you get.",
  "contact.form.send": "Send",
  "contact.form.helpFirst": "Before you write, the {help} may already have the answer.",
  "contact.form.helpLink": "help page",

  "contact.callback.title": "Request a call back",
  "contact.callback.heading": "Request a call back",
  "contact.callback.intro": "Tell us when suits you, and someone from the support team will call you.",
  "contact.callback.phone.label": "Phone number",
  "contact.callback.phone.hint": "With the country code, for example +44 20 7946 0018.",
  "contact.callback.phone.required": "Enter your phone number.",
  "contact.callback.window.legend": "When can we call you?",
  "contact.callback.window.hint": "Choose a day and a time window. The times are in the time zone you choose.",
  "contact.callback.date.label": "Date",
  "contact.callback.date.required": "Choose a date.",
  "contact.callback.date.past": "Choose today or a later date.",
  "contact.callback.from.label": "From",
  "contact.callback.from.required": "Enter the earliest time we can call.",
  "contact.callback.from.past": "This time has already passed. Choose a later time.",
  "contact.callback.to.label": "To",
  "contact.callback.to.required": "Enter the latest time we can call.",
  "contact.callback.to.beforeFrom": "Choose a time after the “From” time.",
  "contact.callback.timeMissing":
    "This time doesn't exist on that day in that time zone (the clocks change). Choose another time.",
  "contact.callback.zone.label": "Time zone",
  "contact.callback.zone.hint": "Detected from your device: {zone}.",
  "contact.callback.zone.required": "Choose a time zone.",
  "contact.callback.window.words": "{date}, {from}–{to} {zone}",
  "contact.callback.window.wordsSpan": "{date}, {from} – {endDate}, {to} {zone}",
  "contact.callback.window.summary": "We will call you on {window}.",
  "contact.callback.message.label": "Message (optional)",
  "contact.callback.message.hint": "Anything that helps us prepare the call.",
  "contact.callback.send": "Request a call back",

  "contact.done.title": "Request sent",
  "contact.done.heading": "Your request has been sent",
  "contact.done.reference": "Your reference",
  "contact.done.mail": "We have emailed a confirmation quoting this reference to {email}.",
  "contact.done.mailSignedIn": "We have emailed a confirmation quoting this reference to your account's address.",
  "contact.done.keep": "Keep the reference: with it and your email address you can check on your request at any time.",
  "contact.done.callbackWindow": "We will call {phone} on {window}.",
  "contact.done.status": "Check ticket status",

  "contact.rateLimited.retry": "You can send again in {time}.",

  "contact.status.title": "Ticket status",
  "contact.status.heading": "Ticket status",
  "contact.status.intro": "Enter the reference from your confirmation email and the email address you used.",
  "contact.status.ref.label": "Reference",
  "contact.status.ref.hint": "Like SUP-7K2M9QXD.",
  "contact.status.ref.required": "Enter the reference.",
  "contact.status.email.label": "Email",
  "contact.status.email.required": "Enter the email address you used.",
  "contact.status.check": "Check status",
  "contact.status.notFound":
    "We couldn't find a request with that reference and email address. Check both and try again.",
  "contact.status.result.heading": "Request {ref}",
  "contact.status.status": "Status",
  "contact.status.kind": "Type",
  "contact.status.callbackStatus": "Call back",
  "contact.status.created": "Sent",
  "contact.status.updated": "Last updated",
  "contact.status.replies.heading": "Conversation",
  "contact.status.replies.none": "No replies yet. We'll email you when there is one.",
  "contact.status.reply.from": "Support team",
  "contact.status.reply.fromYou": "You",
  "contact.status.request.heading": "Your request",
  "contact.status.window": "Call back window",
  "contact.status.scheduled": "Call scheduled for",
  "contact.status.reply.heading": "Reply",
  "contact.status.reply.label": "Your reply",
  "contact.status.reply.required": "Write your reply first.",
  "contact.status.reply.send": "Send reply",
  "contact.status.reply.reopens": "Replying reopens your request.",
  "contact.status.reply.closed": "This request is closed. For anything new, use the {contactForm}.",
  "contact.status.reply.sent": "Your reply has been sent. Status: {status}.",
  "contact.status.reply.newRequest": "Contact Form",

  "contact.ticket.status.NEW": "New",
  "contact.ticket.status.OPEN": "Open",
  "contact.ticket.status.PENDING_REQUESTER": "Waiting for your reply",
  "contact.ticket.status.RESOLVED": "Resolved",
  "contact.ticket.status.CLOSED": "Closed",
  "contact.ticket.status.UNKNOWN": "Received",
  "contact.ticket.explain.NEW": "We have received your request and will look at it soon.",
  "contact.ticket.explain.OPEN": "Someone from the support team is working on your request.",
  "contact.ticket.explain.PENDING_REQUESTER": "We need something from you: read our latest reply and answer below.",
  "contact.ticket.explain.RESOLVED": "We think your request is solved. If it isn't, reply below and we'll carry on.",
  "contact.ticket.explain.CLOSED": "This request is closed.",
  "contact.ticket.kind.CONTACT_FORM": "Contact Form",
  "contact.ticket.kind.CALLBACK": "Call back request",
  "contact.ticket.kind.UNKNOWN": "Request",
  "contact.ticket.callback.REQUESTED": "Requested",
  "contact.ticket.callback.SCHEDULED": "Scheduled",
  "contact.ticket.callback.COMPLETED": "Done",
  "contact.ticket.callback.FAILED": "We could not reach you",
  "contact.ticket.callback.CANCELLED": "Cancelled",

  // ── account: /account ───────────────────────────────────────────────────
  "account.title": "Your account",
  "account.heading": "Your account",
  "account.details.heading": "Your details",
  "account.name": "Name",
  "account.email": "Email",
  "account.organization": "Organisation",
  "account.sites": "Sites",
  "account.roles": "Roles",
  "account.noSites": "No site of your organisation is granted to your account yet. Only your program administrator or licence owner can grant one.",
  "account.noSitesHelp": "What to do about it",
  "account.role.PLATFORM_ADMIN": "Platform administrator",
  "account.role.PROGRAM_ADMIN": "Program administrator",
  "account.role.LICENSE_OWNER": "Licence owner",
  "account.role.SUPPORT_AGENT": "Support agent",
  "account.signOut": "Sign out",
  "account.signedOut": "You have signed out.",

  "account.sessions.heading": "My sessions",
  "account.sessions.intro": "Where your account is signed in now. Sign out any session you don't recognise, then change your password.",
  "account.sessions.thisDevice": "This device",
  "account.sessions.started": "Started",
  "account.sessions.lastActive": "Last active",
  "account.sessions.expires": "Expires",
  "account.sessions.ip": "IP address",
  "account.sessions.unknown": "Unknown",
  "account.sessions.unknownBrowser": "Unknown browser",
  "account.sessions.webBrowser": "Web browser",
  "account.sessions.browserOn": "{browser} on {os}",
  "account.sessions.revoke": "Sign out this session",
  "account.sessions.revoked": "The session has been signed out.",
  "account.sessions.alreadyGone": "That session had already ended.",
  "account.sessions.none": "No other sessions.",

  "account.password.heading": "Change password",
  "account.password.intro": "Changing your password signs you out everywhere else.",
  "account.password.current": "Current password",
  "account.password.currentRequired": "Enter your current password.",
  "account.password.submit": "Change password",
  "account.password.changed": "Your password has been changed. Your other sessions have been signed out.",
} as const;

export type MessageId = keyof typeof messages;

/** True when `id` names a message (for ids handed over in history state). */
export function isMessageId(id: unknown): id is MessageId {
  return typeof id === "string" && Object.hasOwn(messages, id);
}

export type MessageParams = Readonly<Record<string, string | number>>;

/** The message `id`, with each `{name}` replaced by `params.name`. */
export function t(id: MessageId, params?: MessageParams): string {
  const text: string = messages[id];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
