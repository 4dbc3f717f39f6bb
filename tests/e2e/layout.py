"""Layout checks shared by the browser tests."""

from playwright.sync_api import expect


def assert_side_by_side(row) -> list[str]:
    """A two-column row of a form: each label above its own field, the two fields beside each other. The row held the
    labels and fields as four cells, so a label sat in the left column and its field in the right one. Returns the
    labels' texts."""
    expect(row).to_be_visible()
    labels, fields = row.locator("label"), row.locator("input")
    expect(labels).to_have_count(2)
    boxes = []
    for n in range(2):
        label = labels.nth(n)
        field = row.locator(f"#{label.get_attribute('for')}")
        text, box = label.bounding_box(), field.bounding_box()
        assert text["y"] + text["height"] <= box["y"] + 1 and abs(text["x"] - box["x"]) < 2, label.inner_text()
        boxes.append(box)
    assert fields.count() == 2
    left, right = boxes
    assert abs(left["y"] - right["y"]) < 2 and left["x"] + left["width"] <= right["x"]
    return [labels.nth(n).inner_text() for n in range(2)]
