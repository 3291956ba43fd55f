"""The embed block: feature apps register what editors can embed in CMS pages."""

import logging

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from civic.blocks import EmbedBlock
from civic.registry import registry


@pytest.fixture
def widget_kind():
    """A made-up kind, so civic's tests need no feature app."""
    registry.register_embed(
        "widget",
        label="widget",
        render=lambda reference, request: f"<p>Widget {reference}</p>",
        choices=lambda: [("blue", "Blue widget"), ("red", "Red widget")],
    )
    yield
    registry.embeds.pop("widget", None)


def clean(kind, reference):
    block = EmbedBlock()
    return block.clean(block.to_python({"kind": kind, "reference": reference}))


def test_a_registered_kind_and_reference_are_accepted(widget_kind):
    value = clean("widget", "red")
    assert (value["kind"], value["reference"]) == ("widget", "red")


def test_an_unknown_kind_is_refused(widget_kind):
    with pytest.raises(StructBlockValidationError) as error:
        clean("gadget", "red")
    message = str(error.value.block_errors["kind"].messages[0])
    assert message.startswith("Enter a kind of thing that can be embedded:")
    assert "widget" in message


def test_an_unknown_reference_is_refused(widget_kind):
    with pytest.raises(StructBlockValidationError) as error:
        clean("widget", "green")
    assert error.value.block_errors["reference"].messages == [
        "There is no widget with the reference “green”"
    ]


def test_kind_and_reference_are_required(widget_kind):
    with pytest.raises(StructBlockValidationError) as error:
        clean("", "")
    assert set(error.value.block_errors) == {"kind", "reference"}


def test_the_block_renders_through_the_registry(widget_kind):
    block = EmbedBlock()
    html = block.render(block.to_python({"kind": "widget", "reference": "blue"}))
    assert html == "<p>Widget blue</p>"


def test_a_kind_nobody_registered_renders_nothing_and_logs(caplog):
    block = EmbedBlock()
    with caplog.at_level(logging.WARNING, logger="civic.blocks"):
        html = block.render(block.to_python({"kind": "gone", "reference": "x"}))
    assert html == ""
    assert "Nothing is registered to embed 'gone'" in caplog.text
