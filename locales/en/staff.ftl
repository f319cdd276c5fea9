# Staff pages and mails, in the staff languages (Khmer and English) only.

## Frame
staff-site-name = Tipline staff
staff-nav = Staff menu
staff-sign-out = Sign out
staff-role-reviewer = Reviewer
staff-role-admin = Administrator
staff-role-payout = Payout officer
staff-email = Email address
staff-name = Name
staff-role = Role
staff-language = Language for staff pages and mails
staff-password = Password
staff-save = Save

## Errors on staff pages
staff-error-forbidden-title = Not open to your role
staff-error-forbidden-body = Your role does not give access to this page. If you need it for your work, ask an administrator.
staff-error-request-title = This could not be done
staff-error-request-body = The form may have been open too long or sent twice. Go back, reload the page and try again.
staff-error-not-found-title = Page not found
staff-error-not-found-body = There is no staff page at this address.
staff-error-server-title = Something went wrong
staff-error-server-body = Tipline could not finish this. Please try again in a few minutes. If it keeps happening, give the reference below to the administrator.

## Sign-in
staff-login-title = Sign in
staff-login-next = Continue
staff-login-failed = The email address or password is wrong, or this account must wait a few minutes after several wrong tries.
staff-forgot-link = Forgot your password?
staff-code-title = Second step: your code
staff-code-intro = Open the authenticator app on your phone and type the 6-digit code it shows for Tipline.
staff-code = Code
staff-code-recovery-hint = Lost your phone? Type one of your recovery codes instead.
staff-code-failed = This code is not right, was used already, or the account must wait a few minutes. Please try again with the next code.
staff-login-finish = Sign in
staff-enrol-title = Set up your second step
staff-enrol-intro = Every staff account signs in with a password and a code from an authenticator app. Scan this picture with the app on your phone.
staff-enrol-secret = If you cannot scan it, type this key into the app:
staff-enrol-code = The 6-digit code the app now shows
staff-enrol-confirm = Confirm and sign in
staff-recovery-title = Your recovery codes
staff-recovery-intro = If you lose your phone, each of these codes lets you sign in once. Write them down or print them now and keep them somewhere safe: they are shown only this once.
staff-recovery-continue = I have kept them: continue

## Forgot password
staff-forgot-title = Forgot your password
staff-forgot-intro = Type your staff email address. If it belongs to an account, we send a link to set a new password.
staff-forgot-send = Send the link
staff-forgot-sent = If this address belongs to a staff account, a link to set a new password is on its way. It works for two hours.

## One-time links
staff-setup-title = Create the first administrator
staff-setup-intro = Nobody can sign in to Tipline yet. Create the administrator account: it can then invite the other staff.
staff-link-title = Choose your password
staff-link-intro = Choose a password for { $email }. After that, you sign in and set up your second step.
staff-new-password = New password
staff-new-password-again = The same password again
staff-password-rule = At least 12 characters. A few unrelated words make a strong password that is easy to remember.
staff-link-save = Save the password
staff-link-done-title = Your password is saved
staff-link-done-body = You can now sign in. The first time, you will set up the second step with an authenticator app.
staff-link-dead-title = This link cannot be used
staff-link-dead-body = It was used already, it has expired, or it was cancelled. Ask an administrator for a new one.
staff-password-too-short = The password must have at least 12 characters.
staff-password-too-long = The password must have at most 256 characters.
staff-password-common = This password is too common. Please choose another.
staff-password-mismatch = The two passwords are not the same.
staff-problem-email = Give a valid email address.
staff-problem-name = Give a name of 1 to 100 characters.
staff-problem-email-taken = An account with this email address exists already.
staff-problem-choice = Choose a role and a language from the lists.

## Home and profile
staff-home-title = Staff home
staff-home-signed-in = You are signed in as { $name }.
staff-home-intro = The menu above shows the pages your role opens. Every sensitive step is written to the audit log.
staff-profile-title = My profile

## Administration of staff
staff-admin-title = Staff accounts
staff-admin-state = State
staff-admin-actions = Actions
staff-admin-state-active = Active
staff-admin-state-disabled = Disabled
staff-admin-state-invited = Invited: no password yet
staff-admin-state-no-second-factor = Second step not set up
staff-admin-change-role = Change role
staff-admin-disable = Disable
staff-admin-enable = Enable
staff-admin-reset-second-factor = Reset second step
staff-admin-end-sessions = Sign out everywhere
staff-admin-send-reset = Send password link
staff-admin-invite-title = Invite a staff member
staff-admin-invite-intro = The person receives an email with a link, valid for 48 hours, to choose a password. At the first sign-in they set up the second step.
staff-admin-invite-send = Send the invitation
staff-admin-done-invited = The invitation was sent.
staff-admin-done-invite-unsent = The mail could not be sent. The account is ready: try "Send password link" again later.
staff-admin-done-role = The role was changed. The account's sessions ended.
staff-admin-done-disabled = The account is disabled and its sessions ended.
staff-admin-done-enabled = The account is enabled again.
staff-admin-done-second-factor = The second step was reset: the account sets it up again at its next sign-in.
staff-admin-done-sessions = All sessions of the account ended.
staff-admin-done-reset = A link to set a new password was sent.
staff-admin-last-admin = This is the last active administrator: it cannot be disabled or given another role.
staff-admin-no-such-account = There is no such active account.

## Audit log
staff-audit-title = Audit log
staff-audit-intro = Every sensitive step, newest first. Each row is chained to the one before it, so a change to the log can be proven.
staff-audit-actor = Who
staff-audit-action = Action
staff-audit-subject = Subject
staff-audit-from = From
staff-audit-until = Until
staff-audit-any = (any)
staff-audit-filter = Show
staff-audit-when = When
staff-audit-detail = Detail
staff-audit-none = No rows match.
staff-audit-older = Older rows

## Mails
staff-mail-greeting = Hello { $name },
staff-mail-open-link = Open this link
staff-mail-invite-subject = Your Tipline staff account
staff-mail-invite-body = An administrator created a Tipline staff account for you. Open the link below to choose your password. At your first sign-in you will set up an authenticator app.
staff-mail-invite-expiry = The link works once, for 48 hours. If it has expired, ask the administrator for a new one.
staff-mail-reset-subject = Set a new Tipline password
staff-mail-reset-body = Someone asked to set a new password for your Tipline staff account. If it was you, open the link below. If not, you can ignore this mail: your password stays as it is.
staff-mail-reset-expiry = The link works once, for two hours.

## The queue and tips
staff-queue-title = Queue
staff-queue-status = State
staff-queue-waiting = Waiting for a reviewer
staff-queue-category = Kind
staff-queue-province = Province
staff-queue-assignee = Reviewer
staff-queue-mine = Mine
staff-queue-unassigned = Nobody yet
staff-queue-empty = No tips match.
staff-queue-reference = Tip
staff-queue-submitted = Received
staff-queue-excerpt = What was reported
staff-queue-corroboration = Tips nearby
staff-queue-more = More tips
staff-tip-status-new = New
staff-tip-status-in-review = In review
staff-tip-status-needs-info = Waiting for the tipster's answer
staff-tip-status-reply-received = The tipster answered
staff-tip-status-linked = Part of a case
staff-tip-status-duplicate = Duplicate
staff-tip-status-closed = Closed without action
staff-tip-priority = Priority
staff-tip-place = Place
staff-tip-coarse-location = Location (to about 1 km)
staff-tip-landmark = Landmark
staff-tip-description = What the tipster saw
staff-tip-conversation = Conversation with the tipster
staff-tip-no-messages = No messages yet.
staff-tip-tipster = Tipster
staff-tip-actions = Actions
staff-tip-take = Take it
staff-tip-hand-to = Hand to
staff-tip-close = Close without action
staff-tip-reopen = Reopen
staff-tip-question = Question for the tipster
staff-tip-question-hint = The tipster reads this on the status page. Never write names, other tips or anything internal.
staff-tip-ask = Send the question
staff-tip-notes = Internal notes
staff-tip-note = New note
staff-tip-note-hint = Only staff see notes; the tipster never does.
staff-tip-add-note = Add the note
staff-tip-stale = Someone changed this tip while you were reading it. Here it is as it is now; please check before you act again.
staff-tip-refused = This action is not possible in the tip's present state.
staff-tip-incomplete = Something is missing: choose a reviewer or reason, or write the question or note (at most 5,000 characters).
staff-close-spam = Spam
staff-close-not-a-compound = Not a compound
staff-close-not-enough-information = Not enough information
staff-close-out-of-area = Outside the area
