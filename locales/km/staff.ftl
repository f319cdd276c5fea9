# Khmer staff catalog: pages and mails for police reviewers, administrators and payout officers (Khmer and English only).

## ស៊ុមទំព័រ
staff-site-name = បុគ្គលិក Tipline
staff-nav = ម៉ឺនុយបុគ្គលិក
staff-sign-out = ចាកចេញពីគណនី
staff-role-reviewer = មន្ត្រីប៉ូលិសពិនិត្យ
staff-role-admin = អ្នកគ្រប់គ្រងប្រព័ន្ធ
staff-role-payout = មន្ត្រីបើកប្រាក់រង្វាន់
staff-email = អាសយដ្ឋានអ៊ីមែល
staff-name = ឈ្មោះ
staff-role = តួនាទី
staff-language = ភាសាសម្រាប់ទំព័របុគ្គលិក និងអ៊ីមែល
staff-password = ពាក្យសម្ងាត់
staff-save = រក្សាទុក

## កំហុសនៅលើទំព័របុគ្គលិក
staff-error-forbidden-title = តួនាទីរបស់អ្នកមិនអាចចូលទំព័រនេះបានទេ
staff-error-forbidden-body = តួនាទីរបស់អ្នកមិនមានសិទ្ធិចូលទំព័រនេះទេ។ បើអ្នកត្រូវការទំព័រនេះសម្រាប់ការងាររបស់អ្នក សូមស្នើសុំពីអ្នកគ្រប់គ្រងប្រព័ន្ធ។
staff-error-request-title = មិនអាចធ្វើការនេះបានទេ
staff-error-request-body = ប្រហែលជាទម្រង់នេះបានបើកយូរពេក ឬត្រូវបានផ្ញើពីរដង។ សូមត្រឡប់ក្រោយ ផ្ទុកទំព័រឡើងវិញ ហើយព្យាយាមម្ដងទៀត។
staff-error-not-found-title = រកមិនឃើញទំព័រ
staff-error-not-found-body = មិនមានទំព័របុគ្គលិកនៅអាសយដ្ឋាននេះទេ។
staff-error-server-title = មានបញ្ហាអ្វីមួយកើតឡើង
staff-error-server-body = Tipline មិនអាចធ្វើការនេះឱ្យចប់បានទេ។ សូមព្យាយាមម្ដងទៀតក្នុងរយៈពេលពីរបីនាទីទៀត។ បើបញ្ហានេះនៅតែកើតឡើង សូមផ្ដល់លេខយោងខាងក្រោមទៅអ្នកគ្រប់គ្រងប្រព័ន្ធ។

## ការចូលគណនី
staff-login-title = ចូលគណនី
staff-login-next = បន្ត
staff-login-failed = អាសយដ្ឋានអ៊ីមែល ឬពាក្យសម្ងាត់មិនត្រឹមត្រូវ ឬគណនីនេះត្រូវរង់ចាំពីរបីនាទី ក្រោយពីវាយខុសច្រើនដង។
staff-forgot-link = ភ្លេចពាក្យសម្ងាត់ឬ?
staff-code-title = ជំហានទីពីរ៖ លេខកូដរបស់អ្នក
staff-code-intro = សូមបើកកម្មវិធីផ្ទៀងផ្ទាត់នៅលើទូរស័ព្ទរបស់អ្នក ហើយវាយលេខកូដ 6 ខ្ទង់ ដែលកម្មវិធីបង្ហាញសម្រាប់ Tipline។
staff-code = លេខកូដ
staff-code-recovery-hint = បាត់ទូរស័ព្ទឬ? សូមវាយលេខកូដសង្គ្រោះមួយរបស់អ្នកជំនួសវិញ។
staff-code-failed = លេខកូដនេះមិនត្រឹមត្រូវ ត្រូវបានប្រើរួចហើយ ឬគណនីនេះត្រូវរង់ចាំពីរបីនាទី។ សូមព្យាយាមម្ដងទៀតដោយប្រើលេខកូដបន្ទាប់។
staff-login-finish = ចូលគណនី
staff-enrol-title = រៀបចំជំហានទីពីររបស់អ្នក
staff-enrol-intro = គណនីបុគ្គលិកនីមួយៗចូលដោយប្រើពាក្យសម្ងាត់ និងលេខកូដពីកម្មវិធីផ្ទៀងផ្ទាត់ (authenticator)។ សូមស្កេនរូបភាពនេះដោយប្រើកម្មវិធីនោះនៅលើទូរស័ព្ទរបស់អ្នក។
staff-enrol-secret = បើអ្នកមិនអាចស្កេនបានទេ សូមវាយកូនសោនេះចូលក្នុងកម្មវិធី៖
staff-enrol-code = លេខកូដ 6 ខ្ទង់ ដែលកម្មវិធីកំពុងបង្ហាញឥឡូវនេះ
staff-enrol-confirm = បញ្ជាក់ ហើយចូលគណនី
staff-recovery-title = លេខកូដសង្គ្រោះរបស់អ្នក
staff-recovery-intro = បើអ្នកបាត់ទូរស័ព្ទ លេខកូដនីមួយៗនេះអនុញ្ញាតឱ្យអ្នកចូលគណនីបានម្ដង។ សូមកត់ទុក ឬបោះពុម្ពលេខកូដទាំងនេះឥឡូវនេះ ហើយរក្សាទុកនៅកន្លែងដែលមានសុវត្ថិភាព៖ លេខកូដទាំងនេះបង្ហាញតែម្ដងនេះប៉ុណ្ណោះ។
staff-recovery-continue = ខ្ញុំបានរក្សាទុកហើយ៖ បន្ត

## ភ្លេចពាក្យសម្ងាត់
staff-forgot-title = ភ្លេចពាក្យសម្ងាត់
staff-forgot-intro = សូមវាយអាសយដ្ឋានអ៊ីមែលបុគ្គលិករបស់អ្នក។ បើអាសយដ្ឋាននេះជារបស់គណនីមួយ យើងនឹងផ្ញើតំណមួយ ដើម្បីកំណត់ពាក្យសម្ងាត់ថ្មី។
staff-forgot-send = ផ្ញើតំណ
staff-forgot-sent = បើអាសយដ្ឋាននេះជារបស់គណនីបុគ្គលិក តំណសម្រាប់កំណត់ពាក្យសម្ងាត់ថ្មីកំពុងត្រូវបានផ្ញើទៅ។ តំណនេះប្រើបានក្នុងរយៈពេលពីរម៉ោង។

## តំណប្រើបានតែម្ដង
staff-setup-title = បង្កើតគណនីអ្នកគ្រប់គ្រងប្រព័ន្ធដំបូង
staff-setup-intro = មិនទាន់មាននរណាម្នាក់អាចចូល Tipline បាននៅឡើយទេ។ សូមបង្កើតគណនីអ្នកគ្រប់គ្រងប្រព័ន្ធ៖ បន្ទាប់មក គណនីនេះអាចអញ្ជើញបុគ្គលិកផ្សេងទៀតបាន។
staff-link-title = កំណត់ពាក្យសម្ងាត់របស់អ្នក
staff-link-intro = សូមកំណត់ពាក្យសម្ងាត់សម្រាប់ { $email }។ បន្ទាប់មក អ្នកនឹងចូលគណនី ហើយរៀបចំជំហានទីពីររបស់អ្នក។
staff-new-password = ពាក្យសម្ងាត់ថ្មី
staff-new-password-again = វាយពាក្យសម្ងាត់ដដែលម្ដងទៀត
staff-password-rule = យ៉ាងហោចណាស់ 12 តួអក្សរ។ ពាក្យពីរបីដែលមិនទាក់ទងគ្នា បង្កើតបានជាពាក្យសម្ងាត់រឹងមាំ ដែលងាយចងចាំ។
staff-link-save = រក្សាទុកពាក្យសម្ងាត់
staff-link-done-title = ពាក្យសម្ងាត់របស់អ្នកត្រូវបានរក្សាទុកហើយ
staff-link-done-body = ឥឡូវនេះ អ្នកអាចចូលគណនីបានហើយ។ នៅពេលចូលលើកដំបូង អ្នកនឹងរៀបចំជំហានទីពីរ ដោយប្រើកម្មវិធីផ្ទៀងផ្ទាត់។
staff-link-dead-title = មិនអាចប្រើតំណនេះបានទេ
staff-link-dead-body = តំណនេះត្រូវបានប្រើរួចហើយ ផុតកំណត់ហើយ ឬត្រូវបានលុបចោល។ សូមស្នើសុំតំណថ្មីពីអ្នកគ្រប់គ្រងប្រព័ន្ធ។
staff-password-too-short = ពាក្យសម្ងាត់ត្រូវមានយ៉ាងហោចណាស់ 12 តួអក្សរ។
staff-password-too-long = ពាក្យសម្ងាត់ត្រូវមានមិនលើសពី 256 តួអក្សរ។
staff-password-common = ពាក្យសម្ងាត់នេះត្រូវបានគេប្រើញឹកញាប់ពេក។ សូមជ្រើសរើសពាក្យសម្ងាត់ផ្សេង។
staff-password-mismatch = ពាក្យសម្ងាត់ទាំងពីរមិនដូចគ្នាទេ។
staff-problem-email = សូមផ្ដល់អាសយដ្ឋានអ៊ីមែលដែលត្រឹមត្រូវ។
staff-problem-name = សូមផ្ដល់ឈ្មោះដែលមានពី 1 ដល់ 100 តួអក្សរ។
staff-problem-email-taken = មានគណនីដែលប្រើអាសយដ្ឋានអ៊ីមែលនេះរួចហើយ។
staff-problem-choice = សូមជ្រើសរើសតួនាទី និងភាសាពីបញ្ជី។

## ទំព័រដើម និងប្រវត្តិរូប
staff-home-title = ទំព័រដើមបុគ្គលិក
staff-home-signed-in = អ្នកបានចូលគណនីក្នុងនាមជា { $name }។
staff-home-intro = ម៉ឺនុយខាងលើបង្ហាញទំព័រដែលតួនាទីរបស់អ្នកអាចបើកបាន។ រាល់សកម្មភាពរសើបទាំងអស់ត្រូវបានកត់ត្រាក្នុងកំណត់ហេតុសវនកម្ម។
staff-profile-title = ប្រវត្តិរូបរបស់ខ្ញុំ

## ការគ្រប់គ្រងបុគ្គលិក
staff-admin-title = គណនីបុគ្គលិក
staff-admin-state = ស្ថានភាព
staff-admin-actions = សកម្មភាព
staff-admin-state-active = សកម្ម
staff-admin-state-disabled = បានបិទដំណើរការ
staff-admin-state-invited = បានអញ្ជើញ៖ មិនទាន់មានពាក្យសម្ងាត់
staff-admin-state-no-second-factor = មិនទាន់រៀបចំជំហានទីពីរ
staff-admin-change-role = ប្ដូរតួនាទី
staff-admin-disable = បិទដំណើរការ
staff-admin-enable = បើកដំណើរការ
staff-admin-reset-second-factor = កំណត់ជំហានទីពីរឡើងវិញ
staff-admin-end-sessions = ចាកចេញពីគ្រប់ឧបករណ៍
staff-admin-send-reset = ផ្ញើតំណពាក្យសម្ងាត់
staff-admin-invite-title = អញ្ជើញបុគ្គលិក
staff-admin-invite-intro = បុគ្គលនោះនឹងទទួលបានអ៊ីមែលមួយ ដែលមានតំណសម្រាប់កំណត់ពាក្យសម្ងាត់ ដែលប្រើបានក្នុងរយៈពេល 48 ម៉ោង។ នៅពេលចូលគណនីលើកដំបូង គាត់នឹងរៀបចំជំហានទីពីរ។
staff-admin-invite-send = ផ្ញើការអញ្ជើញ
staff-admin-done-invited = ការអញ្ជើញត្រូវបានផ្ញើហើយ។
staff-admin-done-invite-unsent = មិនអាចផ្ញើអ៊ីមែលបានទេ។ គណនីបានរៀបចំរួចរាល់ហើយ៖ សូមចុច «ផ្ញើតំណពាក្យសម្ងាត់» ម្ដងទៀតនៅពេលក្រោយ។
staff-admin-done-role = តួនាទីត្រូវបានប្ដូរហើយ។ គណនីនេះត្រូវបានចាកចេញពីគ្រប់ឧបករណ៍។
staff-admin-done-disabled = គណនីនេះត្រូវបានបិទដំណើរការ ហើយត្រូវបានចាកចេញពីគ្រប់ឧបករណ៍។
staff-admin-done-enabled = គណនីនេះត្រូវបានបើកដំណើរការវិញហើយ។
staff-admin-done-second-factor = ជំហានទីពីរត្រូវបានកំណត់ឡើងវិញ៖ ម្ចាស់គណនីនឹងរៀបចំវាម្ដងទៀត នៅពេលចូលគណនីលើកក្រោយ។
staff-admin-done-sessions = គណនីនេះត្រូវបានចាកចេញពីគ្រប់ឧបករណ៍ហើយ។
staff-admin-done-reset = តំណសម្រាប់កំណត់ពាក្យសម្ងាត់ថ្មីត្រូវបានផ្ញើហើយ។
staff-admin-last-admin = នេះជាអ្នកគ្រប់គ្រងប្រព័ន្ធសកម្មចុងក្រោយ៖ មិនអាចបិទដំណើរការ ឬប្ដូរទៅតួនាទីផ្សេងបានទេ។
staff-admin-no-such-account = មិនមានគណនីសកម្មបែបនេះទេ។

## កំណត់ហេតុសវនកម្ម
staff-audit-title = កំណត់ហេតុសវនកម្ម
staff-audit-intro = រាល់សកម្មភាពរសើបទាំងអស់ ដោយបង្ហាញសកម្មភាពថ្មីបំផុតមុនគេ។ ជួរនីមួយៗត្រូវបានភ្ជាប់ជាខ្សែទៅនឹងជួរមុន ដូច្នេះការកែប្រែណាមួយលើកំណត់ហេតុ អាចបញ្ជាក់ដោយភស្តុតាងបាន។
staff-audit-actor = អ្នកធ្វើ
staff-audit-action = សកម្មភាព
staff-audit-subject = កម្មវត្ថុ
staff-audit-from = ចាប់ពីថ្ងៃ
staff-audit-until = ដល់ថ្ងៃ
staff-audit-any = (ទាំងអស់)
staff-audit-filter = បង្ហាញ
staff-audit-when = ពេលវេលា
staff-audit-detail = ព័ត៌មានលម្អិត
staff-audit-none = គ្មានជួរណាត្រូវនឹងលក្ខខណ្ឌនេះទេ។
staff-audit-older = ជួរចាស់ជាងនេះ

## អ៊ីមែល
staff-mail-greeting = ជម្រាបសួរ { $name },
staff-mail-open-link = បើកតំណនេះ
staff-mail-invite-subject = គណនីបុគ្គលិក Tipline របស់អ្នក
staff-mail-invite-body = អ្នកគ្រប់គ្រងប្រព័ន្ធបានបង្កើតគណនីបុគ្គលិក Tipline មួយសម្រាប់អ្នក។ សូមបើកតំណខាងក្រោម ដើម្បីកំណត់ពាក្យសម្ងាត់របស់អ្នក។ នៅពេលចូលគណនីលើកដំបូង អ្នកនឹងរៀបចំកម្មវិធីផ្ទៀងផ្ទាត់មួយ។
staff-mail-invite-expiry = តំណនេះប្រើបានតែម្ដងប៉ុណ្ណោះ ក្នុងរយៈពេល 48 ម៉ោង។ បើតំណផុតកំណត់ហើយ សូមស្នើសុំតំណថ្មីពីអ្នកគ្រប់គ្រងប្រព័ន្ធ។
staff-mail-reset-subject = កំណត់ពាក្យសម្ងាត់ Tipline ថ្មី
staff-mail-reset-body = មាននរណាម្នាក់បានស្នើសុំកំណត់ពាក្យសម្ងាត់ថ្មី សម្រាប់គណនីបុគ្គលិក Tipline របស់អ្នក។ បើជាអ្នក សូមបើកតំណខាងក្រោម។ បើមិនមែនទេ អ្នកអាចមិនអើពើនឹងអ៊ីមែលនេះបាន៖ ពាក្យសម្ងាត់របស់អ្នកនៅដដែល។
staff-mail-reset-expiry = តំណនេះប្រើបានតែម្ដងប៉ុណ្ណោះ ក្នុងរយៈពេលពីរម៉ោង។

## The queue and tips
staff-queue-title = ជួររង់ចាំ
staff-queue-status = ស្ថានភាព
staff-queue-waiting = កំពុងរង់ចាំមន្ត្រីប៉ូលិសពិនិត្យ
staff-queue-category = ប្រភេទ
staff-queue-province = រាជធានី-ខេត្ត
staff-queue-assignee = មន្ត្រីប៉ូលិសពិនិត្យ
staff-queue-mine = របស់ខ្ញុំ
staff-queue-unassigned = មិនទាន់មាននរណាទទួលបន្ទុក
staff-queue-empty = គ្មានរបាយការណ៍ណាត្រូវនឹងលក្ខខណ្ឌនេះទេ។
staff-queue-reference = របាយការណ៍
staff-queue-submitted = ពេលទទួល
staff-queue-excerpt = អ្វីដែលបានរាយការណ៍
staff-queue-corroboration = របាយការណ៍នៅក្បែរនោះ
staff-queue-more = របាយការណ៍បន្ថែមទៀត
staff-tip-status-new = ថ្មី
staff-tip-status-in-review = កំពុងពិនិត្យ
staff-tip-status-needs-info = កំពុងរង់ចាំចម្លើយពីអ្នករាយការណ៍
staff-tip-status-reply-received = អ្នករាយការណ៍បានឆ្លើយហើយ
staff-tip-status-linked = ជាផ្នែកនៃសំណុំរឿងមួយ
staff-tip-status-duplicate = ស្ទួន
staff-tip-status-closed = បានបិទ ដោយគ្មានចំណាត់ការ
staff-tip-priority = អាទិភាព
staff-tip-place = ទីកន្លែង
staff-tip-coarse-location = ទីតាំង (ច្បាស់ត្រឹមប្រហែល 1 គីឡូម៉ែត្រ)
staff-tip-landmark = ចំណាំទីតាំង
staff-tip-description = អ្វីដែលអ្នករាយការណ៍បានឃើញ
staff-tip-conversation = ការសន្ទនាជាមួយអ្នករាយការណ៍
staff-tip-no-messages = មិនទាន់មានសារនៅឡើយទេ។
staff-tip-tipster = អ្នករាយការណ៍
staff-tip-actions = សកម្មភាព
staff-tip-take = ទទួលបន្ទុក
staff-tip-hand-to = ប្រគល់ឱ្យ
staff-tip-close = បិទ ដោយគ្មានចំណាត់ការ
staff-tip-reopen = បើកឡើងវិញ
staff-tip-question = សំណួរសម្រាប់អ្នករាយការណ៍
staff-tip-question-hint = អ្នករាយការណ៍អានសំណួរនេះនៅលើទំព័រ «ពិនិត្យរបាយការណ៍»។ កុំសរសេរឈ្មោះ របាយការណ៍ផ្សេងទៀត ឬព័ត៌មានផ្ទៃក្នុងណាមួយឡើយ។
staff-tip-ask = ផ្ញើសំណួរ
staff-tip-notes = កំណត់សម្គាល់ផ្ទៃក្នុង
staff-tip-note = កំណត់សម្គាល់ថ្មី
staff-tip-note-hint = មានតែបុគ្គលិកទេដែលឃើញកំណត់សម្គាល់៖ អ្នករាយការណ៍មិនដែលឃើញឡើយ។
staff-tip-add-note = បន្ថែមកំណត់សម្គាល់
staff-tip-stale = មាននរណាម្នាក់បានកែប្រែរបាយការណ៍នេះ ខណៈពេលដែលអ្នកកំពុងអាន។ ខាងក្រោមនេះជារបាយការណ៍ក្នុងស្ថានភាពបច្ចុប្បន្ន៖ សូមពិនិត្យមើលជាមុនសិន មុននឹងធ្វើសកម្មភាពម្ដងទៀត។
staff-tip-refused = មិនអាចធ្វើសកម្មភាពនេះបានទេ ក្នុងស្ថានភាពបច្ចុប្បន្នរបស់របាយការណ៍នេះ។
staff-tip-incomplete = មានអ្វីមួយខ្វះ៖ សូមជ្រើសរើសមន្ត្រីប៉ូលិសពិនិត្យ ឬមូលហេតុ ឬសរសេរសំណួរ ឬកំណត់សម្គាល់ (មិនលើសពី 5,000 តួអក្សរ)។
staff-close-spam = សារឥតបានការ
staff-close-not-a-compound = មិនមែនជាមជ្ឈមណ្ឌលបោកប្រាស់
staff-close-not-enough-information = ព័ត៌មានមិនគ្រប់គ្រាន់
staff-close-out-of-area = នៅក្រៅតំបន់
