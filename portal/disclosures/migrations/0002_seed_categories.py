"""The 14 items of Law on Grassroots Democracy 10/2022/QH15 Art. 11 with their posting rules (Art. 13) and the
5-working-day rule of Art. 12(3). `seed` is also called by tests after a flush (tests/conftest.py)."""

from django.db import migrations

BASIS = "Khoản {n} Điều 11 Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15; Điều 12, 13"

# (number, code, Vietnamese name, English name)
ITEMS = [
    (1, "ke-hoach", "Kế hoạch phát triển kinh tế - xã hội, phương án chuyển dịch cơ cấu kinh tế hằng năm và "
                    "05 năm của cấp xã", "Socio-economic development plans"),
    (2, "ngan-sach", "Dự toán, tình hình thực hiện, quyết toán ngân sách cấp xã hằng quý, 06 tháng, hằng năm",
     "Budget estimates, execution and final accounts (quarterly, 6-monthly, yearly)"),
    (3, "dau-tu-dat-dai", "Kế hoạch, dự án đầu tư; quy hoạch, kế hoạch sử dụng đất; phương án bồi thường, hỗ trợ, "
                          "tái định cư trên địa bàn", "Investment projects, land use plans, compensation and resettlement"),
    (4, "quy-che-dan-chu", "Quy chế thực hiện dân chủ ở cơ sở; nhiệm vụ, quyền hạn của cán bộ, công chức cấp xã trực "
                           "tiếp giải quyết công việc của Nhân dân",
     "Grassroots democracy regulation; duties of officials dealing with the public"),
    (5, "quy-dong-gop", "Việc quản lý, sử dụng các loại quỹ, khoản đầu tư, tài trợ và các khoản huy động Nhân dân "
                        "đóng góp", "Funds, sponsorships and residents' contributions"),
    (6, "tai-san-cong", "Việc quản lý và sử dụng tài sản công tại cấp xã", "Management and use of public assets"),
    (7, "chinh-sach-ho-tro", "Chủ trương, tiêu chuẩn, đối tượng và danh sách được hưởng chính sách an sinh xã hội, "
                             "hỗ trợ của Nhà nước", "Support policies and their beneficiaries"),
    (8, "thien-tai", "Việc hỗ trợ khắc phục thiệt hại do thiên tai, dịch bệnh, sự cố và việc sử dụng tiền, hàng "
                     "cứu trợ", "Disaster and epidemic relief"),
    (9, "nghia-vu-quan-su", "Danh sách công dân được gọi nhập ngũ, thực hiện nghĩa vụ quân sự, nghĩa vụ tham gia "
                            "Công an nhân dân", "Military and police service lists"),
    (10, "thanh-tra-ky-luat", "Kết quả thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo; kết quả xử lý kỷ luật "
                              "cán bộ, công chức cấp xã", "Inspection, complaint and discipline results"),
    (11, "ket-qua-lay-y-kien", "Kết quả lấy ý kiến Nhân dân về những nội dung Nhân dân bàn và quyết định, tham gia "
                               "ý kiến", "Results of consulting residents"),
    (12, "phi-le-phi", "Các khoản phí, lệ phí và các nghĩa vụ tài chính khác do cấp xã trực tiếp thu",
     "Fees, charges and other payments the ward collects"),
    (13, "thu-tuc-hanh-chinh", "Thủ tục hành chính, việc giải quyết thủ tục hành chính thuộc thẩm quyền cấp xã",
     "Administrative procedures"),
    (14, "khac", "Các nội dung khác theo quy định của pháp luật, theo yêu cầu của cơ quan có thẩm quyền hoặc chính "
                 "quyền cấp xã thấy cần thiết", "Other matters"),
]
PERMANENT = {4, 13}
BOARD_30_DAYS = {1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12}
LOUDSPEAKER_3_DAYS = {7, 8, 9, 10, 11, 12}


def seed(apps, schema_editor):
    DisclosureCategory = apps.get_model("disclosures", "DisclosureCategory")
    for number, code, name, name_en in ITEMS:
        DisclosureCategory.objects.update_or_create(number=number, defaults={
            "code": code, "name": name, "name_en": name_en, "legal_basis": BASIS.format(n=number),
            "board_min_days": 30 if number in BOARD_30_DAYS else None, "is_permanent": number in PERMANENT,
            "loudspeaker_min_days": 3 if number in LOUDSPEAKER_3_DAYS else None,
            "disclose_within_working_days": 5,
        })


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
