"""A group's rows in parts of about ``source.PART_ROWS``: what one worker reads at once, fingerprinting or
writing, and one shard. A large site-month (a year's backfill stamped with one month, a site far larger
than the others) is spread over every worker, and no worker holds more than a part's marks."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crawler.export.source import Group, Part


def split(
    keys: pa.Array, newest_first: np.ndarray, rows: np.ndarray, group: Group, size: int
) -> list[tuple[Part, np.ndarray]]:
    """The group's parts, each with its rows (indexes into ``keys``, the group's being ``rows``): the rows in
    the group's order (``newest_first``, then URL), cut after every ``size``-th row, or after the last version
    of the article that row is a version of."""
    if len(rows) <= size:
        return [(Part(group), rows)]
    urls = pc.replace_substring_regex(keys.take(pa.array(rows)), pattern="#[0-9]+$", replacement="")
    order = pc.sort_indices(
        pa.table({"newest_first": newest_first[rows], "url": urls}),
        sort_keys=[("newest_first", "ascending"), ("url", "ascending")],
    ).to_numpy()
    ordered_rows, ordered_newest, ordered_urls = rows[order], newest_first[rows][order], urls.take(order)
    same_as_next = (ordered_newest[1:] == ordered_newest[:-1]) & pc.equal(
        ordered_urls.slice(1), ordered_urls.slice(0, len(order) - 1)
    ).to_numpy(zero_copy_only=False)
    # The last row of each run of one article's rows.
    run_ends = np.flatnonzero(np.r_[~same_as_next, True])
    cuts = np.unique(run_ends[np.searchsorted(run_ends, np.arange(size - 1, len(order) - 1, size))])
    cuts = cuts[cuts < len(order) - 1]
    bounds = [(float(ordered_newest[cut]), ordered_urls[int(cut)].as_py()) for cut in cuts]
    starts, ends = np.r_[0, cuts + 1], np.r_[cuts + 1, len(order)]
    return [
        (
            Part(
                group,
                number,
                bounds[number - 1] if number else None,
                bounds[number] if number < len(bounds) else None,
            ),
            ordered_rows[start:end],
        )
        for number, (start, end) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True))
    ]
