"""Synthetic ABP-style article pages, in the abp template with the usual clutter, with a known clean body."""

from __future__ import annotations

from datetime import date, datetime
from email.utils import format_datetime
from html import escape

PARAGRAPH = (
    "खबर संख्या {n} का पैरा {p}: राजधानी में आज हुई बैठक में कई अहम फैसले लिए गए और अधिकारियों ने बताया कि "
    "आने वाले दिनों में इन पर तेजी से काम शुरू किया जाएगा."
)


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def article_path(n: int) -> str:
    return f"/news/india/synthetic-story-number-{n}-{2_000_000 + n}"


def article_body(n: int, paragraphs: int) -> list[str]:
    """The clean paragraphs the crawler must store for article ``n``."""
    return [PARAGRAPH.format(n=n, p=p) for p in range(1, paragraphs + 1)]


def article_html(origin: str, n: int, day: date, paragraphs: int = 6, redesigned: bool = False) -> str:
    """Article ``n`` in the abp template, or (``redesigned``) in markup no template knows."""
    body = article_body(n, paragraphs)
    middle = len(body) // 2
    parts = [f"<p>{escape(p)}</p>" for p in body[:middle]]
    parts += [
        "<figure><img data-src='https://feeds.abplive.com/x.jpg'><figcaption>फाइल फोटो</figcaption></figure>",
        f"<p><strong>ये भी पढ़ें:</strong> <a href='{origin}{article_path(n + 1)}'>अगली खबर</a></p>",
        "<div class='ad-slot'><span>Continues below advertisement</span></div>",
    ]
    parts += [f"<p>{escape(p)}</p>" for p in body[middle:]]
    parts += [f"<p>यह भी पढ़ें-</p><ul><li><a href='{origin}{article_path(n + 2)}'>एक और खबर</a></li></ul>"]
    return f"""<!DOCTYPE html>
<html lang="hi"><head><meta charset="utf-8"><title>सिंथेटिक खबर {n}</title>
<link rel="canonical" href="{origin}{article_path(n)}">
<meta property="article:published_time" content="{day.isoformat()}T10:00:00+05:30">
<meta name="keywords" content="सिंथेटिक, खबर">
</head><body>
<h1 class="{"nx-headline" if redesigned else "abp-article-title"}">सिंथेटिक खबर {n}</h1>
<h2 class="abp-article-slug">खबर {n} का सार.</h2>
<div class="abp-article-byline-author"><a href="/author/x">संवाददाता</a></div>
<{"section" if redesigned else "div"} class="{"nx-story__content" if redesigned else "abp-story-detail"}">
{"".join(parts)}</{"section" if redesigned else "div"}>
<div class="abp-trending"><h3>ट्रेंडिंग न्यूज</h3></div>
</body></html>"""


def daily_sitemap(origin: str, numbers: range, lastmod: str) -> str:
    return urlset([(origin + article_path(n), lastmod) for n in numbers])


def urlset(entries: list[tuple[str, str]]) -> str:
    """A sitemap of (URL, lastmod) entries."""
    urls = "".join(f"<url><loc>{url}</loc><lastmod>{lastmod}</lastmod></url>" for url, lastmod in entries)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{SITEMAP_NS}">{urls}</urlset>'


def sitemap_index(urls: list[str]) -> str:
    sitemaps = "".join(f"<sitemap><loc>{url}</loc></sitemap>" for url in urls)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="{SITEMAP_NS}">{sitemaps}</sitemapindex>'
    )


def rss(items: list[tuple[str, str]]) -> str:
    """An RSS 2.0 feed of (URL, pubDate) items; an ISO 8601 pubDate is written as RFC 822, else as is."""
    entries = "".join(
        f"<item><title>t</title><link>{url}</link><pubDate>{_rfc822(at)}</pubDate></item>"
        for url, at in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>ABP</title>{entries}</channel></rss>'


def _rfc822(value: str) -> str:
    try:
        return format_datetime(datetime.fromisoformat(value))
    except ValueError:
        return value


# Text that must never reach a stored body: read-also markers, related headlines, widgets, captions, labels.
CLUTTER_FRAGMENTS = (
    "ये भी पढ़ें",
    "यह भी पढ़ें",
    "संबंधित खबर",
    "ट्रेंडिंग न्यूज",
    "टॉप हेडलाइंस",
    "Continues below advertisement",
    "फाइल फोटो",
    "IND 245/3",
    "pic.twitter.com",
    "View this post on Instagram",
    "Read More:",
    "Tags:",
)
_NAV = "".join(f'<li><a href="/section-{i}">सेक्शन {i}</a></li>' for i in range(120))
_SCRIPT = (
    "<script>window.__STATE__ = "
    + "{"
    + ", ".join(f'"k{i}": "{"v" * 40}"' for i in range(200))
    + "};</script>"
)
_TRENDING = "".join(
    f'<li><a href="/news/india/trending-{i}-{900000 + i}">ट्रेंडिंग खबर नंबर {i}</a></li>' for i in range(40)
)


def realistic_article_html(origin: str, n: int, day: date, paragraphs: int = 12) -> str:
    """A ~50 KB page like the real ones: article ``n`` in the abp (even n) or UIkit (odd n) template, with
    navigation, scripts, a trending rail and every kind of in-body clutter around its known paragraphs."""
    body = [escape(p) for p in article_body(n, paragraphs)]
    related = f"<a href='{origin}{article_path(n + 1)}'>संबंधित खबर {n + 1}</a>"
    clutter = [
        "<figure><img data-src='/a.jpg'><figcaption>फाइल फोटो: पीटीआई</figcaption></figure>",
        "<div class='ad-slot'><span>Continues below advertisement</span><div id='div-gpt-ad-1'></div></div>",
        f"<p><strong>ये भी पढ़ें:</strong> {related}</p>",
        "<blockquote class='twitter-tweet'><p>ट्वीट pic.twitter.com/xyz</p>— नाम (@handle) May 6, 2020"
        "</blockquote>",
        "<div class='abp-crick-wrap'>IND 245/3 (45.2)</div>",
        "<blockquote class='instagram-media'><a href='#'>View this post on Instagram</a></blockquote>",
        f"<div class='readMore'><a href='{origin}{article_path(n + 2)}'>Read More: संबंधित खबर</a></div>",
        "<iframe src='https://www.youtube.com/embed/x'></iframe>",
    ]
    parts = []
    for i, paragraph in enumerate(body):
        parts.append(f"<p>{paragraph}</p>")
        if i < len(clutter):
            parts.append(clutter[i])
    parts.append(f"<p>यह भी पढ़ें-</p><ul><li>{related}</li><li>{related}</li></ul>")
    parts.append("<p>Tags: <a href='/topic/a'>एक</a>, <a href='/topic/b'>दो</a></p>")
    if n % 2:
        header = (
            f'<h1 class="article-title">सिंथेटिक खबर {n}</h1><h2 class="article-excerpt">खबर {n} का सार.</h2>'
            '<p class="article-author">By : एबीपी न्यूज़ | Updated: 25 Nov 2026 10:00 AM (IST)</p>'
            '<div class="news_featured"><img src="/p.png" data-src="/lead.jpg"></div>'
        )
        story = f'<div class="article-data _thumbBrk uk-text-break">{"".join(parts)}</div>'
        published = ""
    else:
        header = (
            f'<h1 class="abp-article-title">सिंथेटिक खबर {n}</h1>'
            f'<h2 class="abp-article-slug">खबर {n} का सार.</h2>'
            '<div class="abp-article-byline-author"><a href="/author/x">संवाददाता</a></div>'
        )
        story = f'<div class="abp-story-detail">{"".join(parts)}</div>'
        published = f'<meta property="article:published_time" content="{day.isoformat()}T10:00:00+05:30">'
    return f"""<!DOCTYPE html>
<html lang="hi"><head><meta charset="utf-8"><title>सिंथेटिक खबर {n}</title>
<link rel="canonical" href="{origin}{article_path(n)}">{published}
<meta name="keywords" content="सिंथेटिक, खबर">{_SCRIPT}</head>
<body><header><nav><ul>{_NAV}</ul></nav></header>
<main>{header}{story}
<aside><h3>ट्रेंडिंग न्यूज</h3><ul>{_TRENDING}</ul><h3>टॉप हेडलाइंस</h3><ul>{_TRENDING}</ul></aside></main>
<footer><ul>{_NAV}</ul>{_SCRIPT}</footer></body></html>"""
