"""Every fact about an ABP Live site, in one place.

Adding a language site is adding a ``Site`` entry to ``SITES``: the extractor, the cleaner and the spider read
only what is declared here. Selector chains are tried in order; the first that yields a value wins. A chain
entry is a CSS selector (``::attr(x)`` for an attribute, else the element's whole text), an XPath (starts with
``/`` or ``(``) or ``jsonld:<key>`` for a field of the page's JSON-LD. Sources: ``docs/markup.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Clutter:
    """Elements removed from the body container before its text is read (images, embeds, widgets, ad slots).

    Declared as names, not CSS, so that one pass over the body's elements finds them all: the equivalent CSS
    union cost seven times as much, and the body of every page goes through it.
    """

    tags: frozenset[str] = frozenset()
    # Any one of the element's class names.
    classes: frozenset[str] = frozenset()
    # A class name that starts with one of these.
    class_prefixes: tuple[str, ...] = ()
    # Text anywhere in the class attribute.
    class_fragments: tuple[str, ...] = ()
    id_prefixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """Selector chains shared by every ABP site serving the same markup."""

    title: tuple[str, ...]
    summary: tuple[str, ...]
    # (template name, container selector): the name is recorded as the article's ``extraction``.
    body: tuple[tuple[str, str], ...]
    author: tuple[str, ...]
    published: tuple[str, ...]
    modified: tuple[str, ...]
    # Elements whose text carries the byline date ("Updated: 06 May 2020 07:12 PM (IST)").
    byline_date: tuple[str, ...]
    section: tuple[str, ...]
    tags: tuple[str, ...]
    image: tuple[str, ...]
    canonical: str
    clutter: Clutter
    # Elements inside the body container that hide or lazy-load more text (a reason to render).
    expanders: str
    # A byline's date, in English on every ABP site ("Updated at : 06 May 2020 07:12 PM (IST)"): groups day,
    # month name, year, clock time, am/pm.
    byline_date_pattern: str = (
        r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4}),?\s+(\d{1,2}:\d{2})\s*([AaPp]\.?[Mm]\.?)"
    )


ABP_TEMPLATES = Template(
    title=(
        "h1.abp-article-title",
        "h1.article-title",
        'meta[property="og:title"]::attr(content)',
        "jsonld:headline",
        "h1",
    ),
    summary=(
        "h2.abp-article-slug",
        "h2.article-excerpt",
        'meta[name="description"]::attr(content)',
        'meta[property="og:description"]::attr(content)',
        "jsonld:description",
    ),
    body=(
        ("abp", "div.abp-story-detail"),
        ("abp", "div.abp-story-article"),
        ("uikit", "div.article-data"),
        ("uikit", ".uk-text-break"),
    ),
    author=(
        "div.abp-article-byline-author a",
        "p.article-author a",
        "p.article-author",
        "jsonld:author",
    ),
    published=(
        'meta[property="article:published_time"]::attr(content)',
        "jsonld:datePublished",
    ),
    modified=(
        'meta[property="article:modified_time"]::attr(content)',
        "jsonld:dateModified",
    ),
    byline_date=("p.article-author", "span#dateSpanElem", "div.abp-article-byline-date"),
    section=(
        'meta[property="article:section"]::attr(content)',
        "(//ul[contains(concat(' ', normalize-space(@class), ' '), ' uk-breadcrumb ')]//li/a)[last()]",
        "jsonld:articleSection",
    ),
    tags=(
        'meta[name="keywords"]::attr(content)',
        'meta[name="news_keywords"]::attr(content)',
        "jsonld:keywords",
    ),
    image=(
        "div.lead-image img::attr(data-src)",
        "div.lead-image img::attr(src)",
        "div.news_featured img::attr(data-src)",
        "div.news_featured img::attr(src)",
        'meta[property="og:image"]::attr(content)',
        "jsonld:image",
    ),
    canonical='link[rel="canonical"]::attr(href)',
    clutter=Clutter(
        tags=frozenset(
            "script style noscript template iframe object embed video audio svg canvas "
            "img picture figure figcaption source form button input select".split()
        ),
        classes=frozenset(
            "readMore abp-crick-wrap twitter-tweet twitter-video instagram-media tiktok-embed "
            "youtube-player fb-post fb-video ads ad advertisement tags article-tags abp-tags social-share "
            "share-icons ad-wrapper-leaderboard a-ecom-wrap".split()
        ),
        class_prefixes=("ads-",),
        class_fragments=("embed", "ad-slot"),
        id_prefixes=("div-gpt-ad",),
    ),
    expanders="#read-full-article, .article-more, .abp-story-article-more",
)

# Whole blocks that are page furniture wherever they appear (compared case-insensitively).
ABP_FURNITURE = (
    "Continues below advertisement",
    "Advertisement",
    "Explorer",
    "ABP Premium",
)

# The article path is /<section>[/<sub>]/<ascii-slug>-<numeric id>; anything else is not an article.
ABP_ARTICLE_PATH = r"^/[a-z0-9-]+(?:/[a-z0-9-]+)?/[a-z0-9-]*[a-z][a-z0-9-]*-\d+/?$"

# What a discovered URL is when it is not a plain article, by its path; first match wins, checked in order.
# Live blogs, galleries and videos are fetched and stored (each kind can be switched off: -a kinds=); AMP
# copies, listing pages and web stories are not pages to store.
ABP_URL_KINDS: tuple[tuple[str, str], ...] = (
    ("amp", r"/amp/?$"),
    ("listing", r"/page-\d+/?$"),
    ("video", r"^/(?:videos?|uncut)/"),  # /uncut/<show>/<slug>-<id>: the Hindi site's video shows
    ("gallery", r"^/(?:photos?|photo-gallery)/"),
    ("webstory", r"^/web-stor(?:y|ies)/"),
    ("liveblog", r"(?:live-updates?|live-blog|-live-)"),
)


# The network's languages by name, as a reader reads them beside a site's brand.
LANGUAGE_NAMES = {
    "hi": "Hindi", "en": "English", "mr": "Marathi", "bn": "Bengali", "gu": "Gujarati", "pa": "Punjabi",
    "ta": "Tamil", "te": "Telugu",
}  # fmt: skip


@dataclass(frozen=True)
class Site:
    key: str
    host: str
    language: str
    # Paragraph openers of "read also" blocks (matched at the start of a block, case-insensitively).
    read_also: tuple[str, ...]
    # The name the site goes by (docs/markup.md's table of the network).
    brand: str = ""
    furniture: tuple[str, ...] = ()
    template: Template = ABP_TEMPLATES
    # The page's own clock: naive dates and "(IST)" bylines get this offset.
    utc_offset: str = "+05:30"
    # Daily article sitemaps: how to name one (strftime) and to recognise one (groups: day, month, year).
    daily_sitemap_path: str = "/news-%d-%m-%Y.xml"
    daily_sitemap: str = r"/news-(\d{2})-(\d{2})-(\d{4})\.xml"
    # A template body with less prose than this is implausible: the generic extractor is tried instead.
    min_body_chars: int = 80
    # What the generic extractor must find to be taken for an article (listings and error pages are not).
    min_fallback_chars: int = 250
    article_path: str = ABP_ARTICLE_PATH
    url_kinds: tuple[tuple[str, str], ...] = ABP_URL_KINDS
    # The hosts the site had before (≤2019, docs/markup.md): a history crawl from a web archive reads their
    # captures too; their pages, of a template no profile knows, go through the generic fallback.
    former_hosts: tuple[str, ...] = ()
    # Page N of a section listing.
    listing_page: str = "/{section}/page-{page}"
    # RSS 2.0 feeds: the home page's and each section's (``home`` is the home page's section name).
    feed_path: str = "/{section}/feed"
    home_feed: str = "home"
    # Language rules. Words before a byline's name ("By", "द्वारा"), compared case-insensitively.
    author_prefixes: tuple[str, ...] = ("by",)
    # How a sentence ends: a short block that does not is taken for a related headline after a read-also
    # marker. The danda ends sentences in Hindi, Bengali and Punjabi; Tamil and Telugu use ".".
    sentence_ends: tuple[str, ...] = (".", '."', ".”", "|")
    # Labels of a tags line ("Tags:"), dropped from bodies.
    tags_labels: tuple[str, ...] = ("tags",)

    @property
    def base_url(self) -> str:
        return f"https://{self.host}"

    @property
    def label(self) -> str:
        """The site as a reader knows it: its brand and its language ("ABP Sanjha (Punjabi)")."""
        return f"{self.brand} ({LANGUAGE_NAMES[self.language]})"

    @property
    def all_furniture(self) -> tuple[str, ...]:
        return ABP_FURNITURE + self.furniture

    def daily_sitemap_date(self, url: str) -> date | None:
        """The day a daily sitemap file covers, read from its name; ``None`` for any other URL."""
        match = re.search(self.daily_sitemap, url)
        if not match:
            return None
        day, month, year = (int(group) for group in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None


# Sentence ends of the scripts that end sentences with a danda (Hindi, Bengali, Punjabi).
DANDA_ENDS = (".", "।", "|", "॥", '."', ".”", "।”")

SITES: dict[str, Site] = {
    site.key: site
    for site in (
        Site(
            key="abplive-hi",
            brand="ABP News",
            host="www.abplive.com",
            language="hi",
            read_also=("ये भी पढ़ें", "यह भी पढ़ें", "ये भी पढ़े", "यह भी पढ़े", "Also Read"),
            furniture=(
                "एक्सप्लोरर",
                "ट्रेंडिंग न्यूज",
                "टॉप हेडलाइंस",
                "विज्ञापन",
                "Election Results 2024 (Source: ECI/ABP News/ABP Majha)",
            ),
            author_prefixes=("by", "द्वारा"),
            sentence_ends=DANDA_ENDS,
            former_hosts=("abpnews.abplive.in",),
        ),
        # The network's other sites: the same platform and templates (docs/markup.md). Markers: Marathi,
        # Bengali and Punjabi seen on the sites (high); English, Gujarati, Tamil, Telugu unverified.
        Site(
            key="abplive-en",
            brand="ABP Live",
            host="news.abplive.com",
            language="en",
            read_also=("Also Read", "Read Also"),
            former_hosts=("www.abplive.in",),
        ),
        Site(
            key="abplive-mr",
            brand="ABP Majha",
            host="marathi.abplive.com",
            language="mr",
            read_also=("हेही वाचा",),
            # The "Explore" menu label: with a virama on pages of Oct–Nov 2025, without on others.
            furniture=("एक्स्प्लोर", "एक्सप्लोरर"),
            former_hosts=("abpmajha.abplive.in",),
        ),
        Site(
            key="abplive-bn",
            brand="ABP Ananda",
            host="bengali.abplive.com",
            language="bn",
            read_also=("আরও পড়ুন",),
            sentence_ends=DANDA_ENDS,
            former_hosts=("abpananda.abplive.in",),
        ),
        Site(
            key="abplive-gu",
            brand="ABP Asmita",
            host="gujarati.abplive.com",
            language="gu",
            read_also=("આ પણ વાંચો",),
            former_hosts=("abpasmita.abplive.in",),
        ),
        Site(
            key="abplive-pa",
            brand="ABP Sanjha",
            host="punjabi.abplive.com",
            language="pa",
            read_also=("ਇਹ ਵੀ ਪੜ੍ਹੋ",),
            sentence_ends=DANDA_ENDS,
            former_hosts=("abpsanjha.abplive.in",),
        ),
        Site(
            key="abplive-ta",
            brand="ABP Nadu",
            host="tamil.abplive.com",
            language="ta",
            read_also=("மேலும் படிக்க",),
        ),
        Site(
            key="abplive-te",
            brand="ABP Desam",
            host="telugu.abplive.com",
            language="te",
            read_also=("ఇవి కూడా చదవండి",),
        ),
    )
}

DEFAULT_SITE = "abplive-hi"


def get_site(key: str) -> Site:
    """The site profile for ``key``; a ``ValueError`` naming the known keys otherwise."""
    try:
        return SITES[key]
    except KeyError:
        raise ValueError(f"unknown site {key!r}; known sites: {', '.join(sorted(SITES))}") from None
