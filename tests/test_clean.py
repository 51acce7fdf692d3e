"""The clean rules, one by one, on small bodies."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from crawler.cleaning.rules import clean_body_html, clean_text_dump
from crawler.sites import DEFAULT_SITE, SITES
from tests.crawlrun import REPO
from tests.golden import FIXTURES

SITE = SITES[DEFAULT_SITE]


def clean(html: str) -> list[str]:
    body = clean_body_html(f"<div>{html}</div>", SITE)
    return body.split("\n\n") if body else []


@pytest.mark.parametrize("punctuation", ["", ":", " :", "-", " –", " |", "—"])
@pytest.mark.parametrize("marker", ["ये भी पढ़ें", "यह भी पढ़ें", "Also Read", "ALSO READ"])
def test_mid_body_marker_removes_only_itself_and_its_link(marker: str, punctuation: str) -> None:
    html = f"<p>पहला पैरा.</p><p>{marker}{punctuation} <a href='/x-1'>दूसरी खबर</a></p><p>तीसरा पैरा.</p>"
    assert clean(html) == ["पहला पैरा.", "तीसरा पैरा."]


def test_marker_alone_drops_the_link_paragraphs_and_list_after_it() -> None:
    html = (
        "<p>पहला पैरा.</p><p><b>ये भी पढ़ें:</b></p><p><a href='/a-1'>खबर एक</a></p>"
        "<ul><li><a href='/b-2'>खबर दो</a></li><li><a href='/c-3'>खबर तीन</a></li></ul><p>आगे का पैरा.</p>"
    )
    assert clean(html) == ["पहला पैरा.", "आगे का पैरा."]


def test_marker_must_open_the_paragraph() -> None:
    html = "<p>उन्होंने कहा, ये भी पढ़ें और समझें.</p>"
    assert clean(html) == ["उन्होंने कहा, ये भी पढ़ें और समझें."]


def test_links_in_running_text_keep_their_text() -> None:
    assert clean("<p>नेता <a href='/topic/x'>राहुल गांधी</a> ने कहा.</p>") == ["नेता राहुल गांधी ने कहा."]


def test_link_only_headline_is_dropped_but_a_linked_sentence_is_kept() -> None:
    html = (
        "<p>पाठ.</p><p><a href='/x'>राहुल गांधी की रैली में उमड़ी भीड़</a></p>"
        "<p><a href='/y'>पूरा बयान यहां है.</a></p>"
    )
    assert clean(html) == ["पाठ.", "पूरा बयान यहां है."]


@pytest.mark.parametrize(
    "clutter",
    [
        "<img src='a.jpg' alt='फोटो'>",
        "<figure><img data-src='a.jpg'><figcaption>फोटो: पीटीआई</figcaption></figure>",
        "<picture><source srcset='a.webp'><img src='a.jpg'></picture>",
        "<noscript><img src='a.jpg'></noscript>",
        "<script>var x = 'पाठ';</script>",
        "<iframe src='https://www.youtube.com/embed/x'></iframe>",
        "<blockquote class='twitter-tweet'><p>ट्वीट</p>— नाम (@handle) May 6, 2020</blockquote>",
        "<blockquote class='instagram-media'><a href='#'>View this post on Instagram</a></blockquote>",
        "<div class='ad-slot'><span>Continues below advertisement</span></div>",
        "<p>Continues below advertisement</p>",
        "<div class='readMore'><a href='/x'>Read More: खबर</a></div>",
        "<div class='abp-crick-wrap'>IND 245/3</div>",
        "<DIV CLASS='story-widget ads-top'>विज्ञापन</DIV>",  # a class name starting with ads-
        "<div class='video-embed-wrap'><span>वीडियो</span></div>",  # embed anywhere in the class
        "<div id='div-gpt-ad-1234'><span>ad</span></div>",
        "<p>Tags: <a href='/topic/a'>क</a>, <a href='/topic/b'>ख</a></p>",
        "<p>https://twitter.com/x/status/1</p>",
        "<p>टॉप हेडलाइंस</p>",
        "<p>&nbsp;</p>",
    ],
)
def test_clutter_is_removed_and_paragraphs_survive(clutter: str) -> None:
    assert clean(f"<p>पहला पैरा.</p>{clutter}<p>दूसरा पैरा.</p>") == ["पहला पैरा.", "दूसरा पैरा."]


@pytest.mark.parametrize(
    "kept",
    [
        "<div class='heads-up'>तीसरा पैरा.</div>",  # contains "ads-", but no class name starts with it
        "<div class='adverb'>तीसरा पैरा.</div>",  # starts like "ad", is not "ad"
        "<div id='main-div-gpt-ad'>तीसरा पैरा.</div>",  # the id does not start with the prefix
    ],
)
def test_elements_that_only_resemble_clutter_are_kept(kept: str) -> None:
    assert clean(f"<p>पहला पैरा.</p>{kept}") == ["पहला पैरा.", "तीसरा पैरा."]


def test_a_block_restating_the_title_is_dropped_but_not_a_paragraph_inside_a_runaway_title() -> None:
    title = "सोनिया गांधी का कांग्रेस नेताओं को संदेश - ABP News"
    html = "<div><h2>सोनिया गांधी का कांग्रेस नेताओं को संदेश</h2><p>पहला पैरा जो यहां है.</p></div>"
    assert clean_body_html(html, SITE, title) == "पहला पैरा जो यहां है."
    runaway = "शीर्षक पहला पैरा जो यहां है. दूसरा पैरा जो काफी लंबा है और चलता रहता है."
    assert clean_body_html(html, SITE, runaway).endswith("पहला पैरा जो यहां है.")


def test_whitespace_is_collapsed_and_text_nfc_normalised() -> None:
    decomposed = "न\u093c"  # न + nukta; NFC composes it to ऩ (U+0929)
    assert clean(f"<p>  एक\u00a0 \n दो   {decomposed}\u200b </p>") == ["एक दो \u0929"]


def test_sub_headings_are_kept_in_order_as_plain_text() -> None:
    assert clean("<p>एक.</p><h2>उपशीर्षक</h2><p>दो.</p>") == ["एक.", "उपशीर्षक", "दो."]


def test_br_separates_paragraphs() -> None:
    assert clean("<p>एक.<br><br>दो.</p>") == ["एक.", "दो."]


def test_empty_or_missing_body() -> None:
    assert clean_body_html(None, SITE) == ""
    assert clean_body_html("<div><iframe src='x'></iframe></div>", SITE) == ""


def test_text_dump_keeps_a_paragraph_after_a_mid_body_marker() -> None:
    dump = "शीर्षक\nसार\nपहला पैरा.\nये भी पढ़ें: कोई खबर\nदूसरा पैरा, जो चलता रहता है.\n"
    assert clean_text_dump(dump, SITE)["body"] == "पहला पैरा.\n\nदूसरा पैरा, जो चलता रहता है."


def test_clean_command_prints_title_summary_body_for_the_seed() -> None:
    seed = FIXTURES / "seed" / "000_95dbf3053e87068b.txt"
    out = subprocess.run(
        [sys.executable, "-m", "pipelines.clean", str(seed)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(out)
    paragraphs = result["body"].split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("नई दिल्ली: कांग्रेस के संगठन महासचिव")
    assert paragraphs[-1].endswith("सब नेता पार्टी की आवाज बने.")
    for clutter in ("ये भी पढ़ें", "ट्रेंडिंग", "टॉप हेडलाइंस", "Premium", "![", "फेसबुक के बाद", "Details:"):
        assert clutter not in result["body"]


def test_clean_command_read_in_part_says_nothing(tmp_path) -> None:
    """A reader that stops early (`| head`, `| grep -q`) is no error: no traceback, exit 0."""
    seed = FIXTURES / "seed" / "000_95dbf3053e87068b.txt"
    big = tmp_path / "big.txt"  # more than a pipe holds, so the write meets the closed pipe
    big.write_text(seed.read_text(encoding="utf-8") * 200, encoding="utf-8")
    command = f"{sys.executable} -m pipelines.clean {big} | head -c 10 > /dev/null; echo ${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", command], cwd=REPO, capture_output=True, text=True, check=True)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
    assert result.stdout.strip() == "0"


def test_clean_command_reports_an_unreadable_file() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipelines.clean", "/nonexistent/file.txt"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "cannot read /nonexistent/file.txt" in result.stderr


def test_language_rules_come_from_the_site_profile() -> None:
    """A site entry is data: its read-also markers, sentence ends and tags label drive the same rules."""
    tamil = dataclasses.replace(
        SITE, key="test-ta", language="ta", read_also=("மேலும் படிக்க",), sentence_ends=(".",),
        tags_labels=("குறிச்சொற்கள்",),
    )  # fmt: skip
    html = (
        "<div><p>முதல் பத்தி.</p><p><b>மேலும் படிக்க:</b></p><p><a href='/news/x-1'>தொடர்புடைய செய்தி</a></p>"
        "<p>இரண்டாம் பத்தி.</p><p>குறிச்சொற்கள்: அரசியல், தேர்தல்</p></div>"
    )
    assert clean_body_html(html, tamil) == "முதல் பத்தி.\n\nஇரண்டாம் பத்தி."
    assert "குறிச்சொற்கள்" in clean_body_html(html, SITE)  # the Hindi profile knows neither label


@pytest.mark.parametrize(
    "label",
    ["<p><strong>Lees ook:</strong></p>", "<p><b>ਹੋਰ ਖ਼ਬਰਾਂ</b></p>", "<h4>மேலும் செய்திகள் -</h4>"],
    ids=["bold, colon", "bold, no punctuation", "heading, dash"],
)
def test_a_read_also_block_is_recognised_by_its_shape_whatever_its_words(label: str) -> None:
    """Markers of some sites are unverified: a short emphasized label followed only by link-only paragraphs
    goes, with those links, whatever language its words are in."""
    html = (
        f"<div><p>पहला पैरा.</p>{label}<p><a href='/news/a-1'>एक खबर</a></p>"
        "<p><a href='/news/b-2'>दूसरी खबर</a></p><p>दूसरा पैरा.</p></div>"
    )
    assert clean_body_html(html, SITE) == "पहला पैरा.\n\nदूसरा पैरा."


@pytest.mark.parametrize(
    "line",
    [
        "<p><b>Les også: <a href='/k/1'>Tone Damli ofret musikkarrieren for barna</a></b></p>",
        "<p>Lesen Sie auch: <a href='/a/2'>Was der neue Plan für Pendler bedeutet</a></p>",
        "<p>पढ़ें - <a href='/news/3'>किसानों के लिए नई योजना का ऐलान</a></p>",
    ],
    ids=["Norwegian, bold", "German", "Hindi, a dash"],
)
def test_a_label_and_a_linked_headline_in_one_line_go_in_any_language(line: str) -> None:
    """A read-also line by its shape: a short label ending like one, then a linked headline, in one paragraph;
    in a template body and in a generic one alike."""
    html = f"<div><p>पहला पैरा.</p>{line}<p>दूसरा पैरा.</p></div>"
    assert clean_body_html(html, SITE) == "पहला पैरा.\n\nदूसरा पैरा."
    assert clean_body_html(html, SITE, generic=True) == "पहला पैरा.\n\nदूसरा पैरा."


@pytest.mark.parametrize(
    "line",
    [
        "<p>See it now: <a href='https://shop/x'>Amazon</a></p>",
        "<p>Аккаунт: <a href='https://insta/x'>@darkzip</a></p>",
        "<p>Tickets: <a href='https://t/x'>https://tickets.example.com/show</a></p>",
        "<p>He said: <a href='/x'>the plan will work</a>, and left.</p>",
        "<p>Die Regierung hat am Montag beschlossen: <a href='/x'>Pendler zahlen weniger</a></p>",
    ],
    ids=["a shop's name", "a handle", "an address", "text after the link", "a sentence's start"],
)
def test_a_line_with_a_label_and_a_link_that_is_no_headline_is_kept(line: str) -> None:
    html = f"<div><p>पहला पैरा.</p>{line}<p>दूसरा पैरा.</p></div>"
    assert clean_body_html(html, SITE, generic=True).count("\n\n") == 2


def test_widget_lines_at_a_generic_bodys_ends_go_a_list_of_its_own_stays() -> None:
    """Short lines ending like no sentence, in any script, at the start (a reading time, a dateline) and the
    end ("Comments", "おすすめ情報") of a generic body go; a run of more of them is the article's list
    (ingredients, results) and stays, and a body of such lines only is left whole. Template bodies keep
    them."""
    prose = ["<p>Pierwszy akapit artykułu, pełne zdanie.</p>", "<p>Drugi akapit, też pełne zdanie.</p>"]
    widgets = "<p>Tempo de leitura: 1 minuto</p><p>2025年1月14日 01時28分</p>"
    html = f"<div>{widgets}{''.join(prose)}<p>Comments</p><p>おすすめ情報</p></div>"
    assert clean_body_html(html, SITE, generic=True) == "\n\n".join(p[3:-4] for p in prose)
    assert clean_body_html(html, SITE).count("\n\n") == 5
    items = "".join(f"<p>Item {n} (Group A)</p>" for n in range(4))
    assert clean_body_html(f"<div>{prose[0]}{items}</div>", SITE, generic=True).count("\n\n") == 4
    only_widgets = "<div><p>Comments</p><p>Share</p></div>"
    assert clean_body_html(only_widgets, SITE, generic=True) == "Comments\n\nShare"


def test_a_tables_linked_cells_stay_in_a_generic_body() -> None:
    """A film's title linked in a table of films is the table's text, not a related story (a real list page
    lost every title: F1 0.92, 0.99 with them); a linked headline in a paragraph still goes."""
    table = (
        "<table><tr><th>Film</th><th>Year</th></tr>"
        "<tr><th><i><a href='/w/Repeat'>Repeat Performance</a></i></th><td>1947</td></tr>"
        "<tr><td><a href='/w/Groundhog'>Groundhog Day</a></td><td>1993</td></tr></table>"
    )
    related = "<p><a href='/x'>Another list of films</a></p>"
    html = f"<div><p>Films with time loops, as listed.</p>{table}{related}</div>"
    assert clean_body_html(html, SITE, generic=True).split("\n\n") == [
        "Films with time loops, as listed.",
        *("Film", "Year", "Repeat Performance", "1947", "Groundhog Day", "1993"),
    ]
    assert "Groundhog Day" not in clean_body_html(html, SITE)


def test_a_short_bold_sub_heading_before_prose_is_kept() -> None:
    html = "<div><p>पहला पैरा.</p><p><strong>मुख्य बातें</strong></p><p>दूसरा पैरा, अपने शब्दों में.</p></div>"
    assert clean_body_html(html, SITE) == "पहला पैरा.\n\nमुख्य बातें\n\nदूसरा पैरा, अपने शब्दों में."
