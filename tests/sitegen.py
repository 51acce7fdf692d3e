"""Synthetic ABP-style article pages, in the abp template with the usual clutter, with a known clean body."""

from __future__ import annotations

from datetime import date
from html import escape

PARAGRAPH = (
    "खबर संख्या {n} का पैरा {p}: राजधानी में आज हुई बैठक में कई अहम फैसले लिए गए और अधिकारियों ने बताया कि "
    "आने वाले दिनों में इन पर तेजी से काम शुरू किया जाएगा."
)


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
    entries = "".join(
        f"<url><loc>{origin}{article_path(n)}</loc><lastmod>{lastmod}</lastmod></url>" for n in numbers
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    )
