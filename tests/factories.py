"""factory-boy factories for the domain. Personas in conftest.py build on these."""

import io

import factory
from django.contrib.auth import get_user_model
from PIL import Image

from portal.wards.models import Area, CaseKind, Category, Department, Membership, Ward


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"W{n:02d}")
    name = factory.Sequence(lambda n: f"Phường Thử Nghiệm {n}")
    city = "Thành phố Hồ Chí Minh"
    voters_count = 20000


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    ward = factory.SubFactory(WardFactory)
    code = factory.Sequence(lambda n: f"KP{n}")
    name = factory.Sequence(lambda n: f"Khu phố {n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    ward = factory.SubFactory(WardFactory)
    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"Bộ phận {n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Hạ tầng đô thị {n}")
    name_en = factory.Sequence(lambda n: f"Urban infrastructure {n}")
    kinds = factory.LazyFunction(lambda: list(CaseKind.values))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.django.Password("correct-horse-battery")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, is_staff=True)
    ward = factory.SubFactory(WardFactory)
    role = "officer"


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 30, 30), exif=None) -> bytes:
    buf = io.BytesIO()
    img = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    img.save(buf, fmt, **kwargs)
    return buf.getvalue()


def inspection_lead(ward, category, *, title="Cán bộ địa chính nhận tiền", files=()):
    """An anonymous denunciation naming an official with evidence, filed through the intake: an inspection lead."""
    from portal.cases.services import Submission, submit_case

    return submit_case(submission=Submission(
        ward=ward, kind="denunciation", category=category, title=title, is_anonymous=True,
        description="Ngày 10/11 cán bộ địa chính nhận 5 triệu đồng để ký hồ sơ cấp phép xây dựng.",
        denounced_person="Ông Trần Văn Bình, công chức địa chính",
        evidence="Ảnh chụp tin nhắn hẹn gặp; hai người nộp hồ sơ chứng kiến.", files=list(files))).case
