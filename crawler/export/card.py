"""The dataset card, ``DIR/README.md``: the YAML header Hugging Face ``datasets`` reads (a config per
language and ``all``, the features), then what a corpus builder needs to know: counts and date ranges per
site and language, licence and provenance, how duplicates and languages were marked, how to read it."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa

from crawler.export.columns import SCHEMA
from crawler.export.dedup import BANDS, PERMUTATIONS, SHINGLE, THRESHOLD

_DTYPES = {pa.string(): "string", pa.int32(): "int32", pa.float32(): "float32", pa.bool_(): "bool"}


def write_card(out: Path, groups: dict[str, dict[str, Any]], options: dict[str, bool]) -> None:
    by_language: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for figures in groups.values():
        if figures["rows"]:
            by_language[figures["language"]].append(figures)
    languages = sorted(by_language)
    yaml = ["---", "configs:", "- config_name: all", '  data_files: "data/*/*.parquet"', "  default: true"]
    for language in languages:
        yaml += [f"- config_name: {language}", f'  data_files: "data/{language}/*.parquet"']
    yaml += ["dataset_info:", "  features:"]
    for column in SCHEMA:
        if pa.types.is_list(column.type):
            yaml += [f"  - name: {column.name}", "    sequence: string"]
        else:
            yaml += [f"  - name: {column.name}", f"    dtype: {_DTYPES[column.type]}"]
    yaml += ["language:", *(f"- {language}" for language in languages), "license: other"]
    yaml += ["task_categories:", "- text-generation", "pretty_name: ABP Live news archive", "---", ""]
    table = [
        "| language | site | rows | shards | first published | last published | duplicates | other lang. |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    total = 0
    for language in languages:
        by_site: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for figures in by_language[language]:
            by_site[figures["site"]].append(figures)
        for site, items in sorted(by_site.items()):
            rows = sum(item["rows"] for item in items)
            total += rows
            first = min((item["first"] for item in items if item["first"]), default="—")
            last = max((item["last"] for item in items if item["last"]), default="—")
            shards = sum(item["shards"] for item in items)
            duplicates = sum(item["duplicates"] for item in items)
            mismatched = sum(item["mismatched"] for item in items)
            table.append(
                f"| {language} | {site} | {rows:,} | {shards} | {first[:10]} | {last[:10]} | "
                f"{duplicates:,} | {mismatched:,} |"
            )
    every_version = " (every version of an edited article is a row of its own)" if options["versions"] else ""
    one_per_cluster = (
        "This export keeps one row per cluster, the earliest published."
        if options["drop_duplicates"]
        else "Keep `duplicate_cluster == id` for one row per cluster."
    )
    body = f"""# ABP Live news archive

News articles of the ABP network's sites (Hindi, English, Marathi, Bengali, Gujarati, Punjabi, Tamil,
Telugu) as collected by [abplive-crawler](https://github.com/abplive-crawler/abplive-crawler): clean bodies
(no images, no "read also" links or widgets), with title, standfirst, author, dates, section, tags.
**{total:,} rows**{every_version}.

{chr(10).join(table)}

## Loading

```python
import datasets, duckdb, pandas
datasets.load_dataset("PATH/TO/THIS/FOLDER", "hi")           # one language; "all" for every one
duckdb.sql("select site, count(*) from 'PATH/data/*/*.parquet' group by site")
pandas.read_parquet("PATH/data/mr")
```

Shards are `data/<language>/<site>-<YYYY-MM>-<n>.parquet` (zstd, row groups of 10,000 rows, about 100,000
rows a shard at most), by the month of publication.

## Duplicates

Marked, not deleted (`duplicate_cluster`: the id of the cluster's earliest published row;
`duplicate_cluster_size`). Two rows of one language, of any site, are in one cluster when their clean bodies
are equal, or near: MinHash ({PERMUTATIONS} permutations, rensa) over word {SHINGLE}-grams after the search
normaliser's folding, candidates from {BANDS} LSH bands, confirmed at an estimated Jaccard similarity of at
least {THRESHOLD}. {one_per_cluster}

## Languages

`language` is the site's; `language_detected` and `language_confidence` come from the text itself (a script
only one of these languages writes settles it: the confidence is that script's share of the letters; Hindi or
Marathi in Devanagari, lingua's offline models and their confidence), and `language_mismatch` flags a row
whose text is not its site's language or has no letters. A short text (under 100 letters) that lingua reads as
the other of Hindi and Marathi with a confidence under 0.65 keeps that answer unflagged: uncertain. Nothing is
dropped for it.

## Versions, takedowns, updates

`version` and `version_count`: the archive keeps every version of an article; `source` says where the row's
text was read (`live`, or the WARC file of a replay or a backfill). Articles taken down by their publisher are
not in the data: `tombstones.parquet` lists them (`id`, `url`, `site`, `removed_at`); remove them from copies
made earlier. Exporting again into this folder writes only the months whose articles changed.

## Licence and provenance

The texts are the publishers' (ABP Network); they are collected for research, corpus building and news
monitoring. Check the publisher's terms before any other use; no licence to the texts is granted here.
"""
    (out / "README.md").write_text("\n".join(yaml) + "\n" + body, encoding="utf-8")
