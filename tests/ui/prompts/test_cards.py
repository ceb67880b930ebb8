"""A prompt card's preview: plain text from the Markdown, wrapped inside the card (long tokens
too), the last line ending at a word boundary with "…" when the text goes on."""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QColor, QFontMetrics
from pytestqt.qtbot import QtBot

from chatdesk.services.prompts import PromptRow
from chatdesk.ui import theme
from chatdesk.ui.prompts.card import ELLIPSIS, PromptCard

PROSE = (
    "I want you to act as a travel guide. I will write you my location and you will suggest "
    "a place to visit near my location. In some cases, I will also give you the type of "
    "places I will visit. You will also suggest me places of similar type that are close to "
    "my first location. My first suggestion request is this one, and it goes on for a while."
)
CHINESE = "我希望你充当旅游向导。我会把我的位置写给你，你会推荐一个靠近我的位置的地方。" * 4
MARKDOWN = (
    "# Code reviewer\n\n---\n\nYou are a **strict** reviewer.\n\n"
    "## Rules\n\n* Read the `diff`\n> Be kind\n\n```python\nprint(1)\n```\n\n___\n"
)
JSON_TEXT = "Answer with this JSON: " + json.dumps({"schema": "x" * 240, "id": "y" * 120})


def card_with(qtbot: QtBot, text: str, width: int = 230, height: int = 150) -> PromptCard:
    card = PromptCard()
    qtbot.addWidget(card)
    card.set_prompt(PromptRow(1, "A prompt", text, False))
    card.resize(width, height)
    card.show()
    qtbot.waitExposed(card)
    return card


def body_width(card: PromptCard) -> int:
    return card.width() - 2 * card.PAD


def shown(card: PromptCard) -> list[str]:
    """The lines the card paints, as many as its body holds."""
    line = QFontMetrics(card.font()).lineSpacing()
    most = (card.height() - 2 * card.PAD + 2 - line - 4) // line
    return card.body_lines(body_width(card), most)


def test_a_long_text_ends_at_a_word_boundary_with_an_ellipsis(qtbot: QtBot) -> None:
    card = card_with(qtbot, PROSE)
    lines = shown(card)
    assert len(lines) >= 3
    assert lines[-1].endswith(ELLIPSIS)
    shown_text = " ".join(lines)[: -len(ELLIPSIS)]
    assert PROSE.startswith(shown_text)
    assert PROSE[len(shown_text)] == " "  # cut between two words, not inside one
    metrics = QFontMetrics(card.font())
    assert all(metrics.horizontalAdvance(line) <= body_width(card) for line in lines)


def test_chinese_is_cut_between_characters_with_an_ellipsis(qtbot: QtBot) -> None:
    card = card_with(qtbot, CHINESE)
    lines = shown(card)
    assert lines[-1].endswith(ELLIPSIS)
    assert CHINESE.startswith("".join(lines)[: -len(ELLIPSIS)])
    metrics = QFontMetrics(card.font())
    assert all(metrics.horizontalAdvance(line) <= body_width(card) for line in lines)


def test_a_short_text_is_shown_whole_without_an_ellipsis(qtbot: QtBot) -> None:
    card = card_with(qtbot, "Write a haiku about tea.")
    assert shown(card) == ["Write a haiku about tea."]


def test_markdown_marks_are_not_shown_raw(qtbot: QtBot) -> None:
    card = card_with(qtbot, MARKDOWN, width=400, height=300)
    text = " ".join(shown(card))
    assert text.startswith("Code reviewer You are a strict reviewer. Rules Read the diff")
    for raw in ("#", "---", "___", "**", "`", "> ", "* "):
        assert raw not in text, raw


@pytest.mark.parametrize("name", ["light", "dark"])
def test_a_long_json_token_stays_inside_the_card(qtbot: QtBot, name: str) -> None:
    theme.apply(name)
    try:
        card = card_with(qtbot, JSON_TEXT)
        lines = shown(card)
        metrics = QFontMetrics(card.font())
        assert all(metrics.horizontalAdvance(line) <= body_width(card) for line in lines)
        assert len(lines) > 1 and lines[-1].endswith(ELLIPSIS)
        # as painted: nothing but the card's own fill between the text's edge and the border
        image = card.grab().toImage()
        ratio = image.devicePixelRatio()
        fill = QColor(theme.current().card)
        top = card.PAD + QFontMetrics(card.font()).height() + 6  # under the title and star
        for y in range(top, card.height() - card.PAD):
            for x in range(card.width() - card.PAD + 1, card.width() - 3):
                pixel = QColor(image.pixel(int(x * ratio), int(y * ratio)))
                assert pixel == fill, (x, y, pixel.name())
    finally:
        theme.apply("light")
