import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from portal.audit.models import AuditEvent
from portal.audit.services import record, verify_chain

pytestmark = pytest.mark.django_db


def _append(n, ward=None):
    for i in range(n):
        with transaction.atomic():
            record(action="test.event", object_type="thing", object_id=i, ward=ward, data={"i": i, "text": "Đường"})


def test_chain_of_events_verifies(ward):
    _append(5, ward)
    report = verify_chain()
    assert report.ok and report.checked == 5
    call_command("verify_audit")


def test_events_cannot_be_changed_or_deleted_through_the_orm():
    _append(1)
    event = AuditEvent.objects.get()
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_tampering_with_an_event_is_detected_and_named():
    _append(4)
    target = AuditEvent.objects.order_by("id")[2]
    AuditEvent.objects.filter(pk=target.pk).update(data={"i": 99})
    report = verify_chain()
    assert not report.ok and report.first_broken_id == target.pk
    with pytest.raises(CommandError, match=f"#{target.pk}"):
        call_command("verify_audit")


def test_deleting_an_event_is_detected():
    _append(3)
    middle = AuditEvent.objects.order_by("id")[1]
    AuditEvent.objects.filter(pk=middle.pk)._raw_delete(AuditEvent.objects.db)
    report = verify_chain()
    assert not report.ok


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        record(action="x", object_type="t", object_id=1)


def test_events_appended_together_extend_the_chain_in_their_order(ward, django_assert_max_num_queries):
    from portal.audit.services import record_many

    _append(2, ward)
    with transaction.atomic(), django_assert_max_num_queries(4):  # lock the head, one INSERT, write the head
        made = record_many([{"action": "test.batch", "object_type": "thing", "object_id": i, "ward": ward,
                             "data": {"i": i}} for i in range(30)])
    _append(1, ward)
    assert [e.object_id for e in made] == [str(i) for i in range(30)]
    assert [e.pk for e in made] == sorted(e.pk for e in made)
    assert list(AuditEvent.objects.filter(action="test.batch").values_list("object_id", flat=True)) == [
        str(i) for i in range(30)]
    report = verify_chain()
    assert report.ok and report.checked == 33


@pytest.mark.django_db(transaction=True)
def test_appending_together_outside_a_transaction_is_refused():
    from portal.audit.services import record_many

    with pytest.raises(RuntimeError):
        record_many([{"action": "x", "object_type": "t", "object_id": 1}])
