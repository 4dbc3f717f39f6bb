"""Tables of demo data for `manage.py seed_demo` (embedded mode).

Everything here is invented for the demonstration: wards, people, addresses and decision numbers are realistic in
shape but fictional. Placeholders in the case texts are filled in by the command:
{street} a street of the ward, {hem} an alley number, {so} a house number, {area} a residential area,
{qd} and {ngay_qd} the number and date of the decision a complaint is about, {ngay} the date of the answer,
{so_qd} the number of the decision that resolves a complaint.
"""

# --- wards, areas, departments ------------------------------------------------------------------------------------
CITY = "Thành phố Hồ Chí Minh"

WARDS = [
    {
        "code": "PN17",
        "name": "Phường Phú Nhuận",
        "address": "159 Nguyễn Văn Trỗi, Phường Phú Nhuận, Thành phố Hồ Chí Minh",
        "voters_count": 78_450,
        "areas": 8,
        "streets": [
            "Phan Đăng Lưu", "Phan Xích Long", "Hoàng Văn Thụ", "Nguyễn Văn Trỗi", "Lê Văn Sỹ", "Huỳnh Văn Bánh",
            "Phan Đình Phùng", "Hồ Văn Huê", "Trần Huy Liệu", "Đặng Văn Ngữ", "Nguyễn Trọng Tuyển", "Cô Giang",
            "Đào Duy Anh", "Hoa Lan", "Hoa Sứ", "Nguyễn Kiệm",
        ],
        "center": (10.799500, 106.680500),
    },
    {
        "code": "BT03",
        "name": "Phường Bình Thạnh",
        "address": "6 Phan Đăng Lưu, Phường Bình Thạnh, Thành phố Hồ Chí Minh",
        "voters_count": 61_230,
        "areas": 6,
        "streets": [
            "Xô Viết Nghệ Tĩnh", "Điện Biên Phủ", "Nguyễn Xí", "Bạch Đằng", "Đinh Bộ Lĩnh", "Nơ Trang Long",
            "Phan Văn Trị", "Bùi Đình Túy", "Chu Văn An", "Lê Quang Định", "Vạn Kiếp", "Nguyễn Văn Đậu",
        ],
        "center": (10.806800, 106.704900),
    },
]

# code, name; every ward has the same four.
DEPARTMENTS = [
    ("vp", "Văn phòng HĐND-UBND"),
    ("kthtdt", "Phòng Kinh tế - Hạ tầng - Đô thị"),
    ("vhxh", "Phòng Văn hóa - Xã hội"),
    ("tcd", "Bộ phận Tiếp công dân"),
]

# --- categories (city-wide) ---------------------------------------------------------------------------------------
F, C, D = "feedback", "complaint", "denunciation"

# code, name, name_en, kinds, department that usually handles it
CATEGORIES = [
    ("giao-thong", "Giao thông, đường sá", "Roads and traffic", [F], "kthtdt"),
    ("chieu-sang", "Chiếu sáng công cộng", "Street lighting", [F], "kthtdt"),
    ("ve-sinh-moi-truong", "Vệ sinh môi trường, thu gom rác", "Sanitation and waste collection", [F], "kthtdt"),
    ("thoat-nuoc", "Thoát nước, ngập úng", "Drainage and flooding", [F], "kthtdt"),
    ("tieng-on", "Tiếng ồn, trật tự công cộng", "Noise and public order", [F], "vhxh"),
    ("trat-tu-do-thi", "Trật tự đô thị, lấn chiếm lòng lề đường", "Urban order and sidewalk encroachment", [F],
     "kthtdt"),
    ("an-ninh", "An ninh, trật tự khu dân cư", "Neighbourhood safety and security", [F], "vp"),
    ("dat-dai", "Đất đai, giấy chứng nhận quyền sử dụng đất", "Land and land-use certificates", [F, C], "kthtdt"),
    ("xay-dung", "Xây dựng, giấy phép xây dựng", "Construction and building permits", [F, C], "kthtdt"),
    ("chinh-sach-xa-hoi", "Chính sách xã hội, trợ cấp", "Social policies and allowances", [F, C], "vhxh"),
    ("thu-tuc-hanh-chinh", "Thủ tục hành chính, hộ tịch, chứng thực",
     "Administrative procedures, civil status and certification", [F, C], "vp"),
    ("can-bo", "Tác phong, thái độ và vi phạm của cán bộ, công chức",
     "Conduct and misconduct of officials", [F, D], "tcd"),
]

# --- staff accounts -----------------------------------------------------------------------------------------------
# Demo passwords are documented here and printed by the command; the command refuses to run in production.
ACCOUNTS = [
    {"username": "canbo", "password": "demo-canbo-2026", "role": "officer", "ward": "PN17",
     "first_name": "Khoa", "last_name": "Trần Minh", "departments": ["kthtdt", "tcd"]},
    {"username": "chutich", "password": "demo-chutich-2026", "role": "leader", "ward": "PN17",
     "first_name": "Hà", "last_name": "Nguyễn Thị Thu"},
    {"username": "thanhtra", "password": "demo-thanhtra-2026", "role": "supervisor", "ward": "PN17",
     "first_name": "Phúc", "last_name": "Lê Văn"},
    {"username": "quantri", "password": "demo-quantri-2026", "role": "admin", "ward": "PN17",
     "first_name": "Bảo", "last_name": "Phạm Quốc", "superuser": True},
    {"username": "canbo_bt", "password": "demo-canbobt-2026", "role": "officer", "ward": "BT03",
     "first_name": "Trâm", "last_name": "Võ Ngọc", "departments": ["kthtdt", "tcd"]},
    {"username": "chutich_bt", "password": "demo-chutichbt-2026", "role": "leader", "ward": "BT03",
     "first_name": "Thành", "last_name": "Đặng Hữu"},
]

# Leaders and the admin must use two-step verification (portal.security): their authenticator secrets (base32, for
# any TOTP app) and backup codes are public like the passwords, printed by `make run` and in README.md.
TWO_FACTOR = {
    "chutich": {"secret": "QFYQYEH2K75GA4LDLB3WZKI46ARXSG6O",
                "backup_codes": ["heio5sil", "yzhp2wqi", "aqewwlt7", "ak5f5lnc", "oshi2yz7"]},
    "chutich_bt": {"secret": "LMBJ5IKADBPJEHCXPH4QDGVSDJYG3ZUJ",
                   "backup_codes": ["7p5kr6er", "udpg6w4s", "mvpb3i6m", "4cwp5pfg", "nmxit62q"]},
    "quantri": {"secret": "3JKZOZF6FPLYZQBWSWIT3W3HGSJMLG7C",
                "backup_codes": ["q4eo5bb7", "yh3brxwb", "nvkgur4u", "fw6y3bqd", "7jgufxle"]},
}

# --- residents ----------------------------------------------------------------------------------------------------
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý"]
MALE_MIDDLE = ["Văn", "Minh", "Quốc", "Hữu", "Đức", "Thanh", "Hoàng", "Công"]
MALE_GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hiếu", "Hùng", "Khánh", "Long", "Nam", "Phong", "Phúc",
              "Quân", "Sơn", "Tâm", "Thắng", "Tuấn", "Vinh", "Toàn", "Lộc"]
FEMALE_MIDDLE = ["Thị", "Ngọc", "Thu", "Kim", "Thanh", "Xuân", "Mỹ", "Bích"]
FEMALE_GIVEN = ["Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Thảo", "Trang", "Vân",
                "Yến", "Dung", "Loan", "Nhung", "Tuyết", "Hằng"]

# --- what happens to cases ----------------------------------------------------------------------------------------
STATE_NOTES = {
    "accepted": {
        F: "UBND phường đã tiếp nhận phản ánh và giao {dept} kiểm tra, xử lý.",
        C: "Chủ tịch UBND phường thụ lý giải quyết khiếu nại lần đầu (Điều 27 Luật Khiếu nại 2011). "
           "Thời hạn giải quyết là 30 ngày kể từ ngày thụ lý (Điều 28).",
        D: "Chủ tịch UBND phường thụ lý tố cáo (Điều 29 Luật Tố cáo 2018). Thời hạn giải quyết là 30 ngày "
           "kể từ ngày thụ lý (Điều 30). Thông tin về người tố cáo được giữ bí mật theo quy định.",
    },
    "in_progress": {
        F: "{dept} đang kiểm tra thực tế tại địa điểm được phản ánh.",
        C: "Đang xác minh nội dung khiếu nại: làm việc với người khiếu nại, thu thập hồ sơ, tài liệu liên quan "
           "(Điều 29 Luật Khiếu nại 2011).",
        D: "Đang xác minh nội dung tố cáo: thu thập tài liệu, chứng cứ và làm việc với người bị tố cáo.",
    },
    "needs_info": [
        "Để kiểm tra, đề nghị ông/bà bổ sung địa chỉ cụ thể (số nhà, số hẻm) và ảnh chụp hiện trạng nếu có. "
        "Thời hạn xử lý tạm dừng cho đến khi phường nhận được thông tin bổ sung.",
        "Đề nghị ông/bà cung cấp thêm thời gian cụ thể xảy ra sự việc và số điện thoại liên lạc để cán bộ phối "
        "hợp kiểm tra. Thời hạn xử lý tạm dừng trong thời gian chờ bổ sung.",
        "Đề nghị ông/bà bổ sung bản sao giấy tờ liên quan (giấy hẹn trả kết quả, quyết định, biên nhận hồ sơ). "
        "Thời hạn xử lý tạm dừng cho đến khi nhận được tài liệu.",
    ],
    "answered": {
        F: "UBND phường đã trả lời phản ánh, kiến nghị. Mời ông/bà đọc nội dung trả lời và đánh giá mức độ "
           "hài lòng.",
        C: "Chủ tịch UBND phường đã ban hành quyết định giải quyết khiếu nại lần đầu và gửi đến người khiếu nại "
           "(Điều 31, 32 Luật Khiếu nại 2011).",
        D: "Chủ tịch UBND phường đã ban hành kết luận nội dung tố cáo và thông báo kết quả giải quyết đến người "
           "tố cáo (Điều 35, 40 Luật Tố cáo 2018).",
    },
    "closed": {
        F: "Hồ sơ được đóng: người phản ánh đã nhận trả lời và không có ý kiến khác.",
        C: "Hồ sơ được đóng: hết thời hạn khiếu nại lần hai mà người khiếu nại không khiếu nại tiếp; quyết định "
           "giải quyết khiếu nại có hiệu lực pháp luật.",
        D: "Hồ sơ được đóng: đã thực hiện xong kết luận nội dung tố cáo.",
    },
    "rejected": {
        F: "UBND phường không xử lý theo thủ tục phản ánh, kiến nghị. {reason}",
        C: "UBND phường không thụ lý khiếu nại (Điều 11 Luật Khiếu nại 2011). {reason}",
        D: "UBND phường không thụ lý tố cáo. {reason}",
    },
    "transferred": "Nội dung không thuộc thẩm quyền giải quyết của UBND phường. Phường đã chuyển đơn đến cơ quan "
                   "có thẩm quyền để xem xét, giải quyết và sẽ theo dõi, thông báo kết quả cho người gửi đơn.",
}

RESIDENT_FOLLOWUPS = [
    "Cảm ơn phường đã xử lý nhanh.",
    "Tôi đã nhận được trả lời, cảm ơn các anh chị cán bộ.",
]

# --- case templates -----------------------------------------------------------------------------------------------
# kind, category, title, description, reply; optional: transfer (competent body), reject (reason, forces rejected),
# reject_code (a RejectionReason), multi (signed by several households), late (complaint filed after the 90-day
# window: refused), wards (restrict to these wards).
FEEDBACK = [
    {
        "category": "giao-thong",
        "title": "Ổ gà lớn trên đường {street} gây nguy hiểm",
        "description": "Trên đường {street}, đoạn trước nhà số {so}, mặt đường bị sụt lún thành ổ gà rộng khoảng "
                       "1 m, sâu 15–20 cm. Buổi tối và khi trời mưa, nước đọng che mất ổ gà, đã có nhiều người đi "
                       "xe máy bị té ngã. Đề nghị phường kiểm tra và sớm cho sửa chữa.",
        "reply": "UBND phường đã kiểm tra hiện trường và phối hợp với đơn vị quản lý đường bộ tổ chức vá ổ gà trên "
                 "đường {street} (trước nhà số {so}) vào ngày {ngay}. Trong thời gian chờ thảm lại toàn bộ mặt "
                 "đường theo kế hoạch duy tu, phường đã đặt biển cảnh báo tại vị trí này.",
    },
    {
        "category": "giao-thong",
        "title": "Nắp hố ga bị vỡ ở đầu hẻm {hem} {street}",
        "description": "Nắp hố ga bằng bê tông ở đầu hẻm {hem} {street} bị vỡ một góc, lộ miệng hố sâu. Sáng "
                       "nào học sinh cũng đi bộ qua đây, rất nguy hiểm. Kính đề nghị phường cho thay nắp mới.",
        "reply": "Phòng Kinh tế - Hạ tầng - Đô thị đã kiểm tra và đề nghị đơn vị quản lý hệ thống thoát nước thay "
                 "nắp hố ga mới; việc thay thế đã hoàn thành ngày {ngay}.",
    },
    {
        "category": "giao-thong",
        "title": "Mặt đường hẻm {hem} {street} chưa được tái lập sau khi đào cáp",
        "description": "Sau khi đơn vị thi công đào đường lắp cáp ngầm trong hẻm {hem} {street}, mặt đường chỉ "
                       "được lấp tạm bằng đá dăm, đến nay đã hơn 2 tháng vẫn chưa tái lập. Nắng thì bụi mù, mưa "
                       "xuống thì lầy lội, xe máy trơn trượt.",
        "reply": "UBND phường đã làm việc với đơn vị thi công. Đơn vị đã tái lập mặt đường hẻm {hem} {street} bằng "
                 "bê tông nhựa, hoàn thành ngày {ngay}. Phường sẽ tiếp tục theo dõi chất lượng mặt đường trong "
                 "thời gian bảo hành.",
    },
    {
        "category": "giao-thong",
        "title": "Biển báo cấm rẽ trái trên đường {street} bị tán cây che khuất",
        "description": "Tán cây lớn làm che khuất biển báo cấm rẽ trái tại giao lộ trên đường {street} gần số "
                       "{so}. Nhiều người đi đường không nhìn thấy biển và bị xử phạt. Đề nghị cắt tỉa cây hoặc "
                       "dời biển báo ra vị trí dễ thấy.",
        "reply": "Phường đã đề nghị đơn vị quản lý cây xanh cắt tỉa tán cây; biển báo đã thông thoáng, dễ quan sát "
                 "từ ngày {ngay}.",
    },
    {
        "category": "chieu-sang",
        "title": "Đèn đường trong hẻm {hem} {street} bị hỏng nhiều ngày",
        "description": "Khoảng 10 ngày nay, 3 bóng đèn chiếu sáng trong hẻm {hem} {street} không sáng. Hẻm tối "
                       "om, tuần trước đã xảy ra 2 vụ giật túi xách vào buổi tối. Đề nghị phường cho sửa chữa sớm.",
        "reply": "Phường đã báo đơn vị quản lý chiếu sáng công cộng; 3 bóng đèn trong hẻm {hem} {street} đã được "
                 "thay mới và hoạt động bình thường từ tối ngày {ngay}. Công an phường đã tăng cường tuần tra khu "
                 "vực này vào buổi tối.",
    },
    {
        "category": "chieu-sang",
        "title": "Cột đèn trong công viên {area} hở dây điện",
        "description": "Hệ thống đèn trong công viên nhỏ của {area} lúc sáng lúc tắt, một cột đèn bị hở dây điện "
                       "ở chân cột, nắp tủ điện bị mất. Buổi tối trẻ em ra đây chơi rất đông, nguy cơ điện giật.",
        "reply": "Cán bộ phường đã kiểm tra cùng đơn vị quản lý chiếu sáng: dây điện hở ở chân cột đã được bọc lại, "
                 "nắp tủ điện được thay mới và đèn đã sáng ổn định từ ngày {ngay}.",
    },
    {
        "category": "chieu-sang",
        "title": "Đề nghị lắp thêm đèn chiếu sáng đoạn đường {street}",
        "description": "Đoạn đường {street} từ số {so} đến ngã ba chỉ có một cột đèn, buổi tối rất tối. Học sinh "
                       "đi học thêm về khuya và người đi bộ không an toàn. Đề nghị phường xem xét lắp thêm đèn.",
        "reply": "Phường ghi nhận kiến nghị và đã đưa việc lắp thêm 2 cột đèn trên đoạn đường này vào danh mục đề "
                 "xuất đầu tư năm tới gửi đơn vị quản lý chiếu sáng của Thành phố. Trong thời gian chờ, phường đã "
                 "vận động các hộ kinh doanh dọc tuyến bật đèn trước cửa vào buổi tối.",
    },
    {
        "category": "chieu-sang",
        "title": "Đèn đường trên đường {street} sáng cả ban ngày",
        "description": "Nhiều ngày nay đèn chiếu sáng trên đường {street} (đoạn gần số {so}) vẫn sáng cả ban "
                       "ngày, gây lãng phí điện.",
        "reply": "Đơn vị quản lý chiếu sáng đã kiểm tra và thay bộ hẹn giờ bị hỏng tại tủ điều khiển; đèn đã bật, "
                 "tắt đúng giờ từ ngày {ngay}.",
    },
    {
        "category": "ve-sinh-moi-truong",
        "title": "Rác tồn đọng nhiều ngày ở đầu hẻm {hem} {street}",
        "description": "Điểm tập kết rác ở đầu hẻm {hem} {street} đã 3 ngày không được thu gom, rác tràn ra lòng "
                       "đường, bốc mùi hôi thối, ruồi nhặng bu đầy.",
        "reply": "Phường đã làm việc với đơn vị thu gom rác phụ trách tuyến; rác tồn đọng đã được thu gom hết trong "
                 "ngày {ngay}. Đơn vị thu gom cam kết thu gom hằng ngày đúng giờ, từ 18 giờ đến 20 giờ.",
    },
    {
        "category": "ve-sinh-moi-truong",
        "title": "Đổ trộm xà bần trên vỉa hè đường {street}",
        "description": "Ban đêm có người đổ trộm xà bần, gạch vụn thành đống lớn trên vỉa hè trước số {so} "
                       "{street}, chiếm hết lối đi bộ. Đây là lần thứ ba trong tháng.",
        "reply": "Phường đã phối hợp đơn vị vệ sinh thu dọn toàn bộ xà bần ngày {ngay}, đồng thời đề nghị Công an "
                 "phường trích xuất camera an ninh trong khu vực để xác định và xử phạt người vi phạm theo Nghị "
                 "định 45/2022/NĐ-CP.",
    },
    {
        "category": "ve-sinh-moi-truong",
        "title": "Đốt rác gây khói trong {area}",
        "description": "Một số hộ dân thường xuyên đốt rác, lá cây vào chiều tối trên khu đất trống thuộc {area}, "
                       "khói bay vào nhà, người già và trẻ nhỏ bị ho kéo dài.",
        "reply": "Cán bộ phường và Ban điều hành khu phố đã đến nhắc nhở, vận động các hộ không đốt rác; khu đất "
                 "trống đã được dọn sạch ngày {ngay}. Trường hợp tái phạm sẽ bị xử phạt theo quy định.",
    },
    {
        "category": "ve-sinh-moi-truong",
        "title": "Đề nghị đặt thùng rác công cộng tại chợ trên đường {street}",
        "description": "Khu vực chợ trên đường {street} không có thùng rác công cộng, người mua bán vứt rác bừa "
                       "bãi xuống lòng đường và miệng cống.",
        "reply": "Phường đã bố trí 4 thùng rác 240 lít tại khu vực chợ và giao Ban quản lý chợ nhắc nhở tiểu thương "
                 "giữ gìn vệ sinh chung.",
    },
    {
        "category": "ve-sinh-moi-truong",
        "title": "Muỗi nhiều, đề nghị phun thuốc phòng sốt xuất huyết ở {area}",
        "description": "Trong {area} đã có 2 trường hợp mắc sốt xuất huyết, nhiều vũng nước đọng và vật dụng phế "
                       "thải, muỗi rất nhiều. Đề nghị phun thuốc diệt muỗi và tổ chức diệt lăng quăng.",
        "reply": "Trạm Y tế phường đã phối hợp với Ban điều hành khu phố tổ chức chiến dịch diệt lăng quăng và phun "
                 "hóa chất diệt muỗi trong bán kính 200 m quanh các ca bệnh vào ngày {ngay}.",
    },
    {
        "category": "thoat-nuoc",
        "title": "Ngập sâu sau mỗi cơn mưa trên đường {street}",
        "description": "Mỗi khi mưa lớn khoảng 30 phút, đoạn đường {street} trước số {so} ngập sâu 30–40 cm, nước "
                       "tràn vào nhà dân, xe chết máy hàng loạt. Tình trạng này kéo dài từ đầu mùa mưa.",
        "reply": "Phường đã kiểm tra: nguyên nhân ngập là miệng thu nước bị rác và bùn đất bít kín. Đơn vị thoát "
                 "nước đã nạo vét tuyến cống và các miệng thu nước trên đường {street} ngày {ngay}. Phường đã kiến "
                 "nghị Thành phố đưa đoạn đường này vào kế hoạch cải tạo cống năm tới.",
        "transfer": "Công ty TNHH MTV Thoát nước đô thị Thành phố Hồ Chí Minh",
    },
    {
        "category": "thoat-nuoc",
        "title": "Cống hẻm {hem} {street} bị tắc, nước thải tràn lên mặt hẻm",
        "description": "Cống thoát nước trong hẻm {hem} {street} bị tắc, nước thải sinh hoạt tràn lên mặt hẻm, "
                       "mùi hôi nồng nặc, muỗi rất nhiều.",
        "reply": "Phường đã cho nạo vét toàn tuyến cống hẻm {hem} dài khoảng 80 m, thông tắc xong ngày {ngay}. Đề "
                 "nghị các hộ dân không đổ rác, dầu mỡ xuống cống.",
    },
    {
        "category": "thoat-nuoc",
        "title": "Nước triều cường tràn vào hẻm {hem} {street}",
        "description": "Vào các ngày triều cường, nước từ cống chảy ngược vào hẻm {hem} {street}, ngập 20–30 cm "
                       "vào sáng sớm, người dân không dắt xe ra được để đi làm.",
        "reply": "Phường đã đề nghị đơn vị thoát nước lắp van ngăn triều tại cửa xả của tuyến cống hẻm {hem}. Trong "
                 "thời gian chờ, phường bố trí máy bơm di động vào các ngày triều cường.",
        "wards": ["BT03"],
        "transfer": "Công ty TNHH MTV Thoát nước đô thị Thành phố Hồ Chí Minh",
    },
    {
        "category": "thoat-nuoc",
        "title": "Rác và bèo ùn ứ trên kênh Nhiêu Lộc – Thị Nghè",
        "description": "Đoạn kênh Nhiêu Lộc – Thị Nghè chảy qua {area} có nhiều rác, bèo tấp vào bờ, bốc mùi hôi "
                       "khi nước ròng. Người tập thể dục buổi sáng trên bờ kênh rất khó chịu.",
        "reply": "Phường đã phản ánh đến đơn vị quản lý kênh; rác và bèo đã được vớt sạch ngày {ngay}, đơn vị cam "
                 "kết tăng tần suất vớt rác lên 2 lần mỗi tuần.",
        "transfer": "Công ty TNHH MTV Thoát nước đô thị Thành phố Hồ Chí Minh",
    },
    {
        "category": "tieng-on",
        "title": "Hát karaoke gây ồn sau 22 giờ ở hẻm {hem} {street}",
        "description": "Hộ gia đình số {so} hẻm {hem} {street} thường xuyên mở loa kéo hát karaoke từ chiều đến "
                       "sau 23 giờ, âm lượng rất lớn, ảnh hưởng giấc ngủ của người già, trẻ nhỏ và học sinh ôn "
                       "thi. Bà con đã nhắc nhở nhiều lần nhưng không chấp hành.",
        "reply": "Tổ công tác của phường cùng Công an phường đã đến làm việc, nhắc nhở chủ hộ; chủ hộ đã cam kết "
                 "không hát sau 22 giờ và giảm âm lượng. Nếu tái phạm, đề nghị người dân báo ngay cho Công an "
                 "phường để lập biên bản xử phạt theo Nghị định 144/2021/NĐ-CP.",
    },
    {
        "category": "tieng-on",
        "title": "Quán nhậu trên đường {street} mở nhạc lớn đến khuya",
        "description": "Quán nhậu ở số {so} {street} mở nhạc lớn, khách hò hét đến 1–2 giờ sáng, xe của khách đậu "
                       "kín vỉa hè.",
        "reply": "Phường đã phối hợp Công an phường kiểm tra, lập biên bản nhắc nhở chủ quán; quán đã cam kết đóng "
                 "cửa trước 23 giờ, không mở nhạc và sắp xếp chỗ để xe gọn gàng. Phường sẽ kiểm tra đột xuất.",
        "transfer": "Công an phường",
    },
    {
        "category": "tieng-on",
        "title": "Công trình trên đường {street} thi công ban đêm gây ồn",
        "description": "Công trình nhà phố tại số {so} {street} đổ bê tông, cắt sắt vào ban đêm từ 22 giờ đến 2 "
                       "giờ sáng, tiếng máy trộn và xe bồn rất ồn, cả khu phố mất ngủ.",
        "reply": "Phường đã kiểm tra, lập biên bản nhắc nhở chủ đầu tư và nhà thầu, yêu cầu không thi công gây "
                 "tiếng ồn lớn từ 22 giờ đến 6 giờ sáng hôm sau. Ban điều hành khu phố được giao theo dõi.",
    },
    {
        "category": "tieng-on",
        "title": "Loa quảng cáo của cửa hàng trên đường {street} quá ồn",
        "description": "Cửa hàng điện thoại ở số {so} {street} đặt loa phát nhạc và quảng cáo hết công suất từ "
                       "sáng đến tối.",
        "reply": "Cán bộ phường đã nhắc nhở chủ cửa hàng; loa quảng cáo đã được dời vào trong và giảm âm lượng từ "
                 "ngày {ngay}.",
    },
    {
        "category": "trat-tu-do-thi",
        "title": "Buôn bán lấn chiếm vỉa hè đường {street}",
        "description": "Vỉa hè đoạn từ số {so} đến ngã tư trên đường {street} bị các hộ kinh doanh ăn uống bày "
                       "bàn ghế, để xe kín lối, người đi bộ phải đi xuống lòng đường.",
        "reply": "Tổ trật tự đô thị phường đã ra quân lập lại trật tự vỉa hè trên tuyến {street} ngày {ngay}, nhắc "
                 "nhở các hộ kinh doanh và lập biên bản xử phạt 3 trường hợp tái phạm. Phường sẽ kiểm tra định kỳ "
                 "tuyến đường này.",
    },
    {
        "category": "trat-tu-do-thi",
        "title": "Ô tô đậu chiếm lối vào hẻm {hem} {street}",
        "description": "Nhiều ô tô đậu qua đêm ngay đầu hẻm {hem} {street}, chiếm gần hết lối đi. Nếu có cháy "
                       "hay cấp cứu, xe chữa cháy và xe cứu thương không vào được.",
        "reply": "Phường đã phối hợp Công an phường kiểm tra vào ban đêm, nhắc nhở các chủ xe và đặt biển cấm đậu "
                 "xe tại đầu hẻm {hem}. Các trường hợp tái phạm sẽ bị xử phạt theo quy định.",
    },
    {
        "category": "trat-tu-do-thi",
        "title": "Chợ tự phát họp dưới lòng đường {street}",
        "description": "Mỗi sáng từ 5 giờ đến 9 giờ, chợ tự phát họp ngay dưới lòng đường {street}, gây kẹt xe "
                       "giờ cao điểm, rác thải để lại rất nhiều.",
        "reply": "Phường đã bố trí lực lượng ra quân vào buổi sáng, vận động các hộ buôn bán vào khu vực chợ được "
                 "quy hoạch; lòng đường {street} đã thông thoáng. Lực lượng trật tự sẽ duy trì kiểm tra.",
    },
    {
        "category": "trat-tu-do-thi",
        "title": "Mái che lấn ra lòng hẻm {hem} {street}",
        "description": "Hộ số {so} hẻm {hem} {street} làm mái che kiên cố vươn ra hơn 1 m, che kín lối đi và che "
                       "khuất đèn chiếu sáng trong hẻm.",
        "reply": "Phường đã kiểm tra, lập biên bản và yêu cầu chủ hộ tự tháo dỡ phần mái che lấn chiếm; chủ hộ đã "
                 "tháo dỡ xong ngày {ngay}.",
    },
    {
        "category": "trat-tu-do-thi",
        "title": "Dây điện, cáp viễn thông chằng chịt, sà thấp trong hẻm {hem} {street}",
        "description": "Dây điện và cáp viễn thông trong hẻm {hem} {street} chằng chịt, có đoạn sà xuống thấp "
                       "chưa tới 2 m, xe chở hàng đi qua thường bị vướng, rất nguy hiểm.",
        "reply": "Phường đã mời điện lực và các doanh nghiệp viễn thông khảo sát; cáp đã được bó gọn, nâng độ cao "
                 "và thu hồi cáp không sử dụng ngày {ngay}.",
        "transfer": "Công ty Điện lực Gia Định và các doanh nghiệp viễn thông có cáp trên tuyến",
    },
    {
        "category": "trat-tu-do-thi",
        "title": "Cây xanh nghiêng, có nguy cơ ngã đổ trên đường {street}",
        "description": "Cây dầu lớn trước số {so} {street} bị nghiêng, rễ trồi lên làm bể vỉa hè. Mùa mưa bão có "
                       "nguy cơ ngã đổ vào nhà dân và người đi đường.",
        "reply": "Đơn vị quản lý cây xanh đã khảo sát, cắt tỉa giảm tán và chằng chống cây ngày {ngay}; vỉa hè bị "
                 "bể sẽ được sửa trong đợt duy tu tới.",
        "transfer": "Công ty TNHH MTV Công viên Cây xanh Thành phố Hồ Chí Minh",
    },
    {
        "category": "an-ninh",
        "title": "Thanh thiếu niên tụ tập đua xe trên đường {street} ban đêm",
        "description": "Khoảng 23 giờ đến 1 giờ sáng các ngày cuối tuần, nhóm thanh thiếu niên tụ tập, rú ga, "
                       "lạng lách trên đường {street}, người dân rất lo sợ.",
        "reply": "Công an phường đã bố trí tổ tuần tra vào các đêm cuối tuần trên tuyến {street}, tạm giữ 4 xe vi "
                 "phạm và mời phụ huynh đến làm việc.",
        "transfer": "Công an phường",
    },
    {
        "category": "an-ninh",
        "title": "Đề nghị lắp camera an ninh ở hẻm {hem} {street}",
        "description": "Gần đây trong hẻm {hem} {street} liên tục xảy ra mất trộm xe đạp, đồng hồ nước. Bà con "
                       "đề nghị phường hỗ trợ lắp camera an ninh ở đầu và cuối hẻm.",
        "reply": "Phường ghi nhận kiến nghị; Ban điều hành khu phố đã họp dân và thống nhất lắp 2 camera theo mô "
                 "hình \"camera an ninh khu dân cư\", kinh phí xã hội hóa được công khai tại nhà văn hóa khu phố.",
    },
    {
        "category": "an-ninh",
        "title": "Chó thả rông không rọ mõm trong {area}",
        "description": "Một số hộ trong {area} thả chó ra đường không rọ mõm, đã có một cháu bé bị chó cắn phải "
                       "đi tiêm phòng dại.",
        "reply": "Phường đã cùng Ban điều hành khu phố rà soát, nhắc nhở các hộ nuôi chó, yêu cầu đăng ký nuôi, "
                 "tiêm phòng dại và đeo rọ mõm khi ra đường. Trường hợp tái phạm sẽ bị xử phạt theo quy định về thú "
                 "y.",
    },
    {
        "category": "thu-tuc-hanh-chinh",
        "title": "Chậm trả kết quả đăng ký khai sinh",
        "description": "Tôi nộp hồ sơ đăng ký khai sinh cho con tại bộ phận một cửa của phường, theo giấy hẹn là "
                       "trả kết quả trong ngày nhưng đã quá hẹn 2 ngày vẫn chưa nhận được, cũng không được báo lý "
                       "do.",
        "reply": "Phường đã kiểm tra: hồ sơ bị chậm do lỗi đồng bộ dữ liệu với Cơ sở dữ liệu hộ tịch điện tử. Kết "
                 "quả đã được trả ngày {ngay}. UBND phường xin lỗi ông/bà vì sự chậm trễ và đã gửi thư xin lỗi "
                 "theo quy định.",
    },
    {
        "category": "thu-tuc-hanh-chinh",
        "title": "Đề nghị hướng dẫn chứng thực bản sao điện tử trực tuyến",
        "description": "Tôi muốn chứng thực bản sao điện tử từ bản chính trên Cổng Dịch vụ công quốc gia nhưng "
                       "không biết làm. Đề nghị phường có hướng dẫn cụ thể cho người lớn tuổi.",
        "reply": "Phường đã gửi hướng dẫn từng bước (kèm hình ảnh) qua địa chỉ liên hệ của ông/bà. Ông/bà cũng có "
                 "thể đến bộ phận một cửa của phường trong giờ hành chính để đoàn viên thanh niên hỗ trợ trực tiếp.",
    },
    {
        "category": "thu-tuc-hanh-chinh",
        "title": "Thời gian chờ tại bộ phận một cửa quá lâu",
        "description": "Sáng thứ Hai tôi phải chờ gần 2 giờ để nộp hồ sơ: chỉ có 2 quầy làm việc, máy bấm số bị "
                       "hỏng, người dân chen lấn.",
        "reply": "Phường đã sửa máy bấm số, bố trí thêm một quầy tiếp nhận vào sáng thứ Hai và thứ Ba (ngày đông "
                 "người nhất) và niêm yết số điện thoại đặt lịch hẹn trước.",
    },
    {
        "category": "can-bo",
        "title": "Cán bộ tiếp nhận hồ sơ thiếu nhã nhặn",
        "description": "Khi tôi đến nộp hồ sơ, cán bộ tại quầy số 2 trả lời cộc lốc, không hướng dẫn đầy đủ, bắt "
                       "tôi về bổ sung giấy tờ 2 lần, mỗi lần chỉ nói thiếu một thứ.",
        "reply": "Phường đã xác minh sự việc, tổ chức kiểm điểm và nhắc nhở công chức liên quan về văn hóa công vụ. "
                 "UBND phường chân thành xin lỗi ông/bà và cảm ơn ông/bà đã góp ý.",
    },
    {
        "category": "can-bo",
        "title": "Khen ngợi cán bộ một cửa tận tình hỗ trợ người cao tuổi",
        "description": "Tôi năm nay 78 tuổi, đến phường làm thủ tục và được cán bộ tại quầy hướng dẫn rất tận "
                       "tình, còn giúp tôi điền tờ khai. Tôi xin gửi lời cảm ơn và đề nghị phường biểu dương.",
        "reply": "UBND phường trân trọng cảm ơn ông/bà. Ý kiến của ông/bà đã được chuyển đến lãnh đạo phường để "
                 "ghi nhận, biểu dương công chức trong kỳ sơ kết thi đua.",
    },
    {
        "category": "chinh-sach-xa-hoi",
        "title": "Đề nghị xem xét hỗ trợ hộ có hoàn cảnh khó khăn ở hẻm {hem} {street}",
        "description": "Gia đình chị Hằng ở hẻm {hem} {street}, chồng mất, một mình nuôi 2 con nhỏ, nhà dột nát. "
                       "Đề nghị phường xem xét đưa vào diện hộ cận nghèo và hỗ trợ sửa nhà.",
        "reply": "Phường đã giao Phòng Văn hóa - Xã hội phối hợp Ban điều hành khu phố khảo sát. Hộ gia đình đủ "
                 "điều kiện hộ cận nghèo và đã được công nhận; Ủy ban MTTQ Việt Nam phường vận động hỗ trợ sửa nhà "
                 "từ Quỹ Vì người nghèo.",
    },
    {
        "category": "chinh-sach-xa-hoi",
        "title": "Chậm chi trả trợ cấp xã hội hằng tháng",
        "description": "Mẹ tôi 82 tuổi, hưởng trợ cấp xã hội hằng tháng, đã 2 tháng nay chưa nhận được tiền. Hỏi "
                       "khu phố thì không ai rõ lý do.",
        "reply": "Phường đã kiểm tra: khoản trợ cấp bị chậm do chuyển sang chi trả qua tài khoản ngân hàng. Tiền "
                 "trợ cấp của 2 tháng đã được chi trả bù ngày {ngay}; từ tháng sau tiền được chuyển vào tài khoản "
                 "trước ngày 10 hằng tháng.",
    },
    {
        "category": "chinh-sach-xa-hoi",
        "title": "Đề nghị cấp lại thẻ bảo hiểm y tế cho người trên 75 tuổi",
        "description": "Cha tôi 80 tuổi, thuộc diện được cấp thẻ bảo hiểm y tế miễn phí, thẻ đã hết hạn từ tháng "
                       "trước nhưng chưa được cấp thẻ mới.",
        "reply": "Phường đã rà soát danh sách và lập hồ sơ cấp thẻ bảo hiểm y tế; thẻ mới đã được gửi về Ban điều "
                 "hành khu phố, mời gia đình đến nhận.",
    },
    {
        "category": "dat-dai",
        "title": "Chậm cấp giấy chứng nhận quyền sử dụng đất cho nhà số {so} {street}",
        "description": "Tôi nộp hồ sơ đăng ký cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở cho căn "
                       "nhà số {so} {street} đã hơn 4 tháng, quá hạn trả kết quả nhưng vẫn chưa nhận được, cũng "
                       "không được thông báo lý do.",
        "reply": "Phường đã đôn đốc cơ quan đăng ký đất đai: hồ sơ bị chậm do phải xác minh nguồn gốc đất. Giấy "
                 "chứng nhận đã được ký ngày {ngay}; mời ông/bà mang giấy hẹn đến nhận tại bộ phận một cửa.",
        "transfer": "Văn phòng Đăng ký đất đai Thành phố Hồ Chí Minh",
    },
    {
        "category": "dat-dai",
        "title": "Nhà bên cạnh xây tường lấn sang phần đất của gia đình tôi",
        "description": "Hộ số {so} {street} xây tường rào lấn sang phần đất của gia đình tôi khoảng 20 cm theo "
                       "chiều dài 12 m. Hai bên đã nói chuyện nhưng không thống nhất được.",
        "reply": "",
        "reject_code": "not_administrative",
        "reject": "Đây là tranh chấp ranh giới đất giữa hai hộ gia đình. Phường hướng dẫn ông/bà gửi đơn đề nghị "
                  "hòa giải tranh chấp đất đai đến UBND phường theo thủ tục hòa giải tranh chấp đất đai, hoặc liên "
                  "hệ Tổ hòa giải ở cơ sở của khu phố.",
    },
    {
        "category": "xay-dung",
        "title": "Công trình tại số {so} {street} xây dựng sai phép",
        "description": "Công trình nhà ở tại số {so} {street} được phép xây 1 trệt 2 lầu nhưng đang thi công lên "
                       "tầng 4, ban công đua ra quá quy định, nhà bên cạnh bị nứt tường.",
        "reply": "Phường đã kiểm tra, lập biên bản vi phạm hành chính, đình chỉ thi công phần sai phép và yêu cầu "
                 "chủ đầu tư tự tháo dỡ theo Nghị định 16/2022/NĐ-CP. Phường tiếp tục giám sát việc khắc phục.",
    },
    {
        "category": "xay-dung",
        "title": "Đào móng tầng hầm làm nứt tường nhà dân trên đường {street}",
        "description": "Nhà số {so} {street} đang đào móng tầng hầm làm tường nhà tôi nứt nhiều đường, nền nhà bị "
                       "lún. Chủ công trình không chịu làm việc.",
        "reply": "Phường đã tổ chức làm việc giữa hai bên, yêu cầu chủ đầu tư tạm dừng thi công phần móng, gia cố "
                 "và lập biên bản hiện trạng nhà liền kề. Hai bên đã thống nhất phương án sửa chữa và bồi thường "
                 "ngày {ngay}.",
    },
    {
        "category": "xay-dung",
        "title": "Vật liệu xây dựng đổ tràn ra lòng đường {street}",
        "description": "Công trình tại số {so} {street} đổ cát, đá, gạch ra lòng đường suốt nhiều ngày, không che "
                       "chắn, mưa xuống cát trôi xuống cống.",
        "reply": "Phường đã lập biên bản, yêu cầu chủ công trình dọn dẹp vật liệu trong ngày và che chắn theo quy "
                 "định; đã kiểm tra lại ngày {ngay}, lòng đường thông thoáng.",
    },
]

# Signed by many households of one alley (đơn nhiều người đứng tên).
MULTI_FEEDBACK = [
    {
        "category": "thoat-nuoc",
        "title": "Các hộ dân hẻm {hem} {street} đề nghị nâng cấp tuyến cống",
        "description": "Chúng tôi, các hộ dân cùng ký tên dưới đây, cư trú tại hẻm {hem} {street}, đề nghị phường "
                       "đưa tuyến cống hẻm vào kế hoạch nâng cấp. Cống cũ nhỏ, xuống cấp, mỗi trận mưa hẻm ngập "
                       "đến đầu gối, nhiều nhà phải kê đồ đạc lên cao.",
        "reply": "Phường đã khảo sát cùng đơn vị thoát nước; tuyến cống hẻm {hem} {street} đã được đưa vào danh mục "
                 "cải tạo theo phương thức Nhà nước và Nhân dân cùng làm. Phường sẽ tổ chức họp dân để lấy ý kiến "
                 "về phương án thi công và công khai dự toán tại nhà văn hóa khu phố.",
    },
    {
        "category": "tieng-on",
        "title": "Tập thể hộ dân phản ánh cơ sở sản xuất gây ồn và mùi sơn",
        "description": "Chúng tôi là các hộ dân sống xung quanh xưởng sơn, mộc tại số {so} {street}. Xưởng hoạt "
                       "động cả ngày, tiếng máy cưa, máy chà nhám rất ồn, mùi sơn nồng nặc. Đề nghị phường kiểm "
                       "tra giấy phép và yêu cầu di dời.",
        "reply": "Phường đã kiểm tra: cơ sở không có hồ sơ môi trường và đã bị lập biên bản, tạm đình chỉ hoạt động "
                 "công đoạn phun sơn. Cơ sở cam kết di dời ra khỏi khu dân cư trong vòng 3 tháng; phường sẽ theo "
                 "dõi và thông báo kết quả cho người đại diện.",
    },
    {
        "category": "giao-thong",
        "title": "Các hộ dân hẻm {hem} đề nghị bê tông hóa mặt hẻm",
        "description": "Chúng tôi gồm các hộ dân hẻm {hem} {street} đề nghị phường cho làm lại mặt hẻm đã xuống cấp "
                       "nặng, nhiều ổ gà. Bà con sẵn sàng đóng góp một phần kinh phí và ngày công.",
        "reply": "Phường hoan nghênh tinh thần của bà con. Công trình bê tông hóa hẻm {hem} đã được đưa vào kế hoạch "
                 "theo phương thức Nhà nước và Nhân dân cùng làm; phường sẽ tổ chức hội nghị để bà con bàn, biểu "
                 "quyết mức đóng góp, và công khai các khoản đóng góp theo Luật Thực hiện dân chủ ở cơ sở.",
    },
]

COMPLAINTS = [
    {
        "category": "xay-dung",
        "title": "Khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng",
        "description": "Tôi khiếu nại Quyết định xử phạt vi phạm hành chính số {qd}/QĐ-XPHC ngày {ngay_qd} của "
                       "Chủ tịch UBND phường về hành vi xây dựng không có giấy phép tại nhà số {so} {street}. Công "
                       "trình của tôi chỉ sửa chữa, cải tạo bên trong, không thay đổi kết cấu chịu lực, thuộc "
                       "trường hợp được miễn giấy phép xây dựng. Đề nghị hủy quyết định nêu trên.",
        "decision": "Quyết định xử phạt vi phạm hành chính số {qd}/QĐ-XPHC ngày {ngay_qd}",
        "reply": "Chủ tịch UBND phường đã ban hành Quyết định giải quyết khiếu nại lần đầu số {so_qd}/QĐ-UBND ngày "
                 "{ngay}. Qua xác minh, công trình có đổ thêm sàn lửng diện tích 18 m², làm thay đổi kết cấu chịu "
                 "lực nên không thuộc trường hợp miễn giấy phép xây dựng; nội dung khiếu nại là không đúng, giữ "
                 "nguyên quyết định xử phạt. Nếu không đồng ý, ông/bà có quyền khiếu nại lần hai đến Chủ tịch UBND "
                 "Thành phố hoặc khởi kiện vụ án hành chính tại Tòa án theo Điều 33 Luật Khiếu nại 2011.",
    },
    {
        "category": "chinh-sach-xa-hoi",
        "title": "Khiếu nại việc không xét hưởng trợ cấp xã hội cho con khuyết tật",
        "description": "Tôi nhận được văn bản số {qd}/UBND ngày {ngay_qd} của UBND phường trả lời con tôi không đủ "
                       "điều kiện hưởng trợ cấp xã hội hằng tháng. Con tôi bị khuyết tật vận động, không tự đi lại "
                       "được; tôi cho rằng việc xác định mức độ khuyết tật là chưa đúng với thực tế.",
        "decision": "Văn bản số {qd}/UBND ngày {ngay_qd} về việc xét hưởng trợ cấp xã hội",
        "reply": "Chủ tịch UBND phường đã ban hành Quyết định giải quyết khiếu nại lần đầu số {so_qd}/QĐ-UBND ngày "
                 "{ngay}: khiếu nại là đúng. Hội đồng xác định mức độ khuyết tật đã xác định lại con ông/bà thuộc "
                 "mức khuyết tật nặng; con ông/bà được hưởng trợ cấp xã hội hằng tháng kể từ tháng nộp hồ sơ đầu "
                 "tiên và được truy lĩnh phần chênh lệch.",
    },
    {
        "category": "chinh-sach-xa-hoi",
        "title": "Khiếu nại việc không đưa gia đình vào danh sách hộ cận nghèo",
        "description": "Gia đình tôi có 5 người, thu nhập không ổn định, đã nộp hồ sơ đề nghị công nhận hộ cận "
                       "nghèo nhưng theo kết quả rà soát công bố ngày {ngay_qd}, gia đình tôi không có tên. Tôi "
                       "không được thông báo lý do và cho rằng việc chấm điểm chưa khách quan.",
        "decision": "Kết quả rà soát hộ nghèo, hộ cận nghèo công bố ngày {ngay_qd}",
        "reply": "Chủ tịch UBND phường đã ban hành Quyết định giải quyết khiếu nại lần đầu số {so_qd}/QĐ-UBND ngày "
                 "{ngay}: khiếu nại đúng một phần. Tổ rà soát đã chấm điểm lại; gia đình ông/bà đủ điều kiện hộ cận "
                 "nghèo và được bổ sung vào danh sách. Phường đã chấn chỉnh việc thông báo kết quả rà soát.",
    },
    {
        "category": "dat-dai",
        "title": "Khiếu nại việc trả hồ sơ đăng ký biến động đất đai",
        "description": "UBND phường trả lại hồ sơ đề nghị xác nhận đăng ký biến động đất đai của tôi tại văn bản "
                       "số {qd}/UBND ngày {ngay_qd} với lý do đất đang có tranh chấp. Tranh chấp này đã được Tòa án "
                       "giải quyết bằng bản án có hiệu lực pháp luật, tôi đã nộp kèm bản sao bản án.",
        "decision": "Văn bản số {qd}/UBND ngày {ngay_qd} về việc trả hồ sơ",
        "reply": "Chủ tịch UBND phường đã ban hành Quyết định giải quyết khiếu nại lần đầu số {so_qd}/QĐ-UBND ngày "
                 "{ngay}: khiếu nại là đúng. Thu hồi văn bản trả hồ sơ; bộ phận một cửa tiếp nhận lại hồ sơ của "
                 "ông/bà và giải quyết theo quy định.",
    },
    {
        "category": "dat-dai",
        "title": "Khiếu nại mức hỗ trợ khi thu hồi đất mở rộng hẻm {hem} {street}",
        "description": "Chúng tôi gồm các hộ dân hẻm {hem} {street} khiếu nại phương án hỗ trợ khi thu hồi một phần "
                       "đất để mở rộng hẻm theo thông báo số {qd}/TB-UBND ngày {ngay_qd}. Đơn giá hỗ trợ thấp hơn "
                       "nhiều so với giá thị trường và không tính chi phí sửa chữa mặt tiền nhà.",
        "decision": "Thông báo số {qd}/TB-UBND ngày {ngay_qd} về phương án hỗ trợ",
        "reply": "Chủ tịch UBND phường đã tổ chức đối thoại với người đại diện và các hộ dân, sau đó ban hành "
                 "Quyết định giải quyết khiếu nại lần đầu số {so_qd}/QĐ-UBND ngày {ngay}: khiếu nại đúng một phần. "
                 "Bổ sung khoản hỗ trợ chi phí sửa chữa mặt tiền nhà; giữ nguyên đơn giá hỗ trợ đất theo quy định "
                 "của Thành phố.",
        "multi": True,
    },
    {
        "category": "xay-dung",
        "title": "Khiếu nại quyết định cưỡng chế tháo dỡ mái che",
        "description": "Tôi khiếu nại Quyết định số {qd}/QĐ-CC ngày {ngay_qd} về việc cưỡng chế tháo dỡ phần mái che "
                       "trước nhà số {so} {street}. Mái che được làm từ trước năm 2010, không lấn ra lòng hẻm như "
                       "quyết định nêu.",
        "decision": "Quyết định cưỡng chế số {qd}/QĐ-CC ngày {ngay_qd}",
        "reply": "Chủ tịch UBND phường đã ban hành Quyết định giải quyết khiếu nại lần đầu số {so_qd}/QĐ-UBND ngày "
                 "{ngay}: qua đo đạc thực tế, mái che lấn ra lòng hẻm 0,9 m, nội dung khiếu nại là không đúng; giữ "
                 "nguyên quyết định cưỡng chế. Ông/bà có quyền khiếu nại lần hai hoặc khởi kiện vụ án hành chính.",
    },
    {
        "category": "thu-tuc-hanh-chinh",
        "title": "Khiếu nại việc từ chối chứng thực hợp đồng tặng cho nhà",
        "description": "Ngày {ngay_qd}, bộ phận một cửa của phường từ chối chứng thực hợp đồng tặng cho nhà ở của "
                       "cha mẹ tôi cho tôi với lý do thiếu giấy tờ, nhưng hồ sơ đã có đủ giấy chứng nhận và giấy tờ "
                       "tùy thân theo quy định.",
        "decision": "Văn bản từ chối chứng thực ngày {ngay_qd}",
        "reply": "Chủ tịch UBND phường đã ban hành Quyết định giải quyết khiếu nại lần đầu số {so_qd}/QĐ-UBND ngày "
                 "{ngay}: khiếu nại là đúng. Việc từ chối chứng thực là không có căn cứ; phường đã chứng thực hợp "
                 "đồng và nhắc nhở công chức liên quan.",
    },
]

# Filed after the 90-day window without a good reason: refused (Law on Complaints Art. 11).
LATE_COMPLAINTS = [
    {
        "category": "xay-dung",
        "title": "Khiếu nại quyết định xử phạt vi phạm về trật tự xây dựng",
        "description": "Tôi khiếu nại Quyết định xử phạt vi phạm hành chính số {qd}/QĐ-XPHC ngày {ngay_qd} về việc "
                       "xây dựng sai nội dung giấy phép tại nhà số {so} {street}. Mức phạt quá cao so với vi phạm.",
        "decision": "Quyết định xử phạt vi phạm hành chính số {qd}/QĐ-XPHC ngày {ngay_qd}",
        "reply": "",
        "late": True,
        "reject_code": "out_of_time",
        "reject": "Đơn khiếu nại gửi sau thời hiệu 90 ngày kể từ ngày ông/bà biết được quyết định (Điều 9) mà không "
                  "có lý do chính đáng (ốm đau, thiên tai, đi công tác xa…).",
    },
]

DENUNCIATIONS = [
    {
        "title": "Tố cáo cán bộ địa chính gây khó khăn, gợi ý \"chi phí\" khi làm hồ sơ",
        "description": "Tôi tố cáo ông N.V.T., công chức phụ trách địa chính của phường, đã nhiều lần hẹn tôi ra quán "
                       "cà phê và gợi ý \"chi phí bồi dưỡng\" 20 triệu đồng để hồ sơ tách thửa của gia đình tôi "
                       "được giải quyết nhanh. Tôi có tin nhắn và bản ghi âm cuộc nói chuyện, sẵn sàng cung cấp khi "
                       "được yêu cầu.",
        "reply": "Chủ tịch UBND phường đã ban hành Kết luận nội dung tố cáo số {so_qd}/KL-UBND ngày {ngay}: nội dung "
                 "tố cáo là đúng một phần. Công chức bị tố cáo đã bị tạm đình chỉ công tác trong thời gian xác minh "
                 "và bị xử lý kỷ luật theo quy định; hồ sơ của gia đình ông/bà đã được giải quyết. Thông tin về người "
                 "tố cáo được giữ bí mật.",
    },
    {
        "title": "Tố cáo việc thu tiền đóng góp làm hẻm không công khai",
        "description": "Tôi tố cáo ông L.Q.H., Trưởng khu phố, đã thu của mỗi hộ trong hẻm {hem} {street} 1,5 triệu "
                       "đồng để bê tông hóa hẻm nhưng không lập danh sách, không niêm yết công khai số tiền thu, chi. "
                       "Hẻm làm xong đã 6 tháng mà bà con vẫn không được biết quyết toán.",
        "reply": "Chủ tịch UBND phường đã ban hành Kết luận nội dung tố cáo số {so_qd}/KL-UBND ngày {ngay}: việc thu "
                 "tiền không công khai là có thật, vi phạm quy định về công khai các khoản đóng góp của Nhân dân "
                 "(Luật Thực hiện dân chủ ở cơ sở). Yêu cầu công khai quyết toán tại nhà văn hóa khu phố và hoàn "
                 "trả phần thu thừa cho các hộ; phê bình, nhắc nhở người bị tố cáo.",
    },
    {
        "title": "Tố cáo cán bộ trật tự đô thị nhận tiền của hộ kinh doanh lấn chiếm",
        "description": "Tôi tố cáo một số cán bộ tổ trật tự đô thị phường thường xuyên nhận tiền của các hộ kinh "
                       "doanh trên đường {street} để bỏ qua việc lấn chiếm vỉa hè. Tôi đã chứng kiến và quay video "
                       "sự việc vào sáng các ngày trong tuần.",
        "reply": "Chủ tịch UBND phường đã ban hành Kết luận nội dung tố cáo số {so_qd}/KL-UBND ngày {ngay}. Qua xác "
                 "minh, có căn cứ xác định một nhân viên tổ trật tự đô thị nhận tiền của hộ kinh doanh; phường đã "
                 "chấm dứt hợp đồng lao động với người vi phạm và chuyển hồ sơ đến cơ quan điều tra để xem xét theo "
                 "thẩm quyền.",
    },
    {
        "title": "Tố cáo việc lập danh sách hỗ trợ sai đối tượng",
        "description": "Tôi tố cáo công chức phụ trách lao động - thương binh - xã hội của phường đã đưa người thân "
                       "không đủ điều kiện vào danh sách nhận hỗ trợ, trong khi nhiều hộ khó khăn ở {area} bị bỏ "
                       "sót.",
        "reply": "Chủ tịch UBND phường đã ban hành Kết luận nội dung tố cáo số {so_qd}/KL-UBND ngày {ngay}: nội dung "
                 "tố cáo là đúng. Đã thu hồi khoản hỗ trợ chi sai, bổ sung các hộ đủ điều kiện vào danh sách và xử "
                 "lý kỷ luật công chức vi phạm.",
    },
]

# The one case whose secret link is printed for residents to try (its token is forced to DEMO_TOKEN).
DEMO_CASE = {
    "ward": "PN17",
    "category": "chieu-sang",
    "title": "Đèn đường trong hẻm 120 Phan Đăng Lưu bị hỏng nhiều ngày",
    "description": "Khoảng một tuần nay, cả 4 bóng đèn chiếu sáng trong hẻm 120 Phan Đăng Lưu không sáng. Hẻm dài, "
                   "buổi tối rất tối, người già và trẻ em đi lại dễ vấp ngã. Đề nghị phường cho sửa chữa sớm.",
    "address": "Hẻm 120 Phan Đăng Lưu",
    "contact_name": "Nguyễn Thị Lan",
    "contact_phone": "0903 123 456",
    "contact_address": "120/14 Phan Đăng Lưu, Phường Phú Nhuận",
    "reply": "Phường đã báo đơn vị quản lý chiếu sáng công cộng; 4 bóng đèn trong hẻm 120 Phan Đăng Lưu đã được thay "
             "mới và hoạt động bình thường từ tối ngày {ngay}. Cảm ơn bà đã phản ánh; mời bà đánh giá mức độ hài "
             "lòng với kết quả xử lý.",
}
DEMO_TOKEN = "demo-secret-token"
