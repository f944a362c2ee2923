"""The journey in real Chromium: create an assessment, answer in two sections, reload the page
and find every answer still there, switch to Chinese and see Chinese labels.

(The dashboard and download steps of the journey are added by the results pages' tests.)
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e

ANSWERS = {  # question id -> rating label; two sections of the Framework
    "PROS-1.1": "Fully in place",
    "PROS-1.2": "Partially in place",
    "PROT-1.1": "Largely in place",
}


def keyed(page, key: str):
    """The element with widget/container key ``key`` (Streamlit adds the class st-key-<key>)."""
    return page.locator(f".st-key-{re.sub(r'[^A-Za-z0-9_-]', '-', key)}")


def card(page, question_id: str):
    """The question's card (a container keyed ``card:<id>``)."""
    return keyed(page, f"card:{question_id}")


def wait_idle(page) -> None:
    """Wait until the app has finished its run (Streamlit shows a status widget while running)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=45_000
    )


def choose(page, key: str, option: str) -> None:
    """Pick ``option`` in the selectbox keyed ``key``."""
    box = keyed(page, key).get_by_role("combobox")
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def rate(page, question_id: str, rating: str) -> None:
    """Click a rating, then wait for the store to confirm ("Saved" appears on the card)."""
    target = card(page, question_id)
    target.get_by_text(rating, exact=True).click()
    target.get_by_text(re.compile(r"Saved$")).wait_for()  # the notice, not "Saved <time>"


def is_checked(page, question_id: str, rating: str) -> bool:
    radio = card(page, question_id).get_by_role("radio", name=rating, exact=True)
    return radio.is_checked()


def test_answers_survive_a_reload_and_the_language_switch(page, server) -> None:
    page.goto(server.url)
    page.get_by_role("heading", name="Assessments").wait_for()
    page.get_by_role("tab", name="New assessment").click()
    keyed(page, "home:new:country").get_by_role("combobox").fill("Kenya")
    page.get_by_role("option", name="Kenya (KEN)").click()
    keyed(page, "home:new:round").get_by_role("textbox").fill("Baseline 2026")
    page.get_by_role("button", name="Create").click()
    page.get_by_role("heading", name="Questionnaire").wait_for()
    page.get_by_text("Answered 0 of").wait_for()

    rate(page, "PROS-1.1", ANSWERS["PROS-1.1"])
    rate(page, "PROS-1.2", ANSWERS["PROS-1.2"])
    page.get_by_text("Answered 2 of").wait_for()
    choose(page, "questionnaire:section", "Table 2: Protection and assistance")
    card(page, "PROT-1.1").wait_for()
    rate(page, "PROT-1.1", ANSWERS["PROT-1.1"])
    page.get_by_text("Answered 3 of").wait_for()

    page.reload()
    page.get_by_text("Answered 3 of").wait_for()  # the same assessment, from the store
    choose(page, "questionnaire:section", "Table 1: Prosecution and investigation")
    card(page, "PROS-1.1").wait_for()
    assert is_checked(page, "PROS-1.1", ANSWERS["PROS-1.1"])
    assert is_checked(page, "PROS-1.2", ANSWERS["PROS-1.2"])
    unanswered = card(page, "PROS-1.3").get_by_role("radio")
    assert not any(unanswered.nth(i).is_checked() for i in range(unanswered.count()))
    choose(page, "questionnaire:section", "Table 2: Protection and assistance")
    card(page, "PROT-1.1").wait_for()
    assert is_checked(page, "PROT-1.1", ANSWERS["PROT-1.1"])

    page.locator("section[data-testid='stSidebar']").get_by_text("简体中文").click()
    page.get_by_role("heading", name="问卷").wait_for()
    page.get_by_text("已回答 3/").wait_for()
    assert card(page, "PROT-1.1").get_by_text("评级", exact=True).is_visible()
    assert is_checked(page, "PROT-1.1", "基本到位")
    assert "lang=zh" in page.url
