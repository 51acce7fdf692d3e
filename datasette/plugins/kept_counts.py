"""Datasette plugin: the articles table's site, author and section facets, for the whole table or one site,
read from the counts the archive keeps as it is written (``authors``, ``sections``: crawler.storage.counts)
instead of counting every article's index entry (0.2–0.6 s at a million articles, more while a crawl
writes). Any other facet, or one of a filtered or searched table, is Datasette's own.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args

from crawler.storage.counts import KEPT_COUNTS

# Facet column -> the kept table that counts it per site (the site itself from either).
KEPT_FACETS = {column: table for table, column in KEPT_COUNTS.items()} | {"site": "sections"}
# What Datasette's table view asks of a facet when the table is filtered by one site and nothing else.
_ONE_SITE = 'where "site" = :p0'


async def kept(db: Any) -> bool:
    """Whether the Datasette database ``db`` keeps the counts (an archive opened read-only since before
    schema version 4 does not: it is counted as it was)."""
    return all([await db.table_exists(table) for table in KEPT_COUNTS])


def _column(config: dict[str, Any]) -> str:
    return config["config"].get("column") or config["config"]["simple"]


class KeptCountsFacet(ColumnFacet):
    """Datasette's column facet, answered from the kept counts where they hold the answer."""

    _configs: list[dict[str, Any]] | None = None

    def get_configs(self) -> list[dict[str, Any]]:
        return self._configs if self._configs is not None else super().get_configs()

    def scope(self) -> tuple[str, dict[str, str]] | None:
        """The kept counts' where clause and parameters for the rows this facet counts: every article, or
        one site's; ``None`` when the rows are any other selection."""
        if self.table != "articles":
            return None
        _, found, where = self.sql.partition(" from articles ")
        where, params = where.strip(), dict(self.params or {})
        if found and not where and not params:
            return "", {}
        if found and where == _ONE_SITE and set(params) == {"p0"}:
            return "and site = :site", {"site": str(params["p0"])}
        return None

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        scope, configs = self.scope(), super().get_configs()
        if scope is None or not any(_column(config) in KEPT_FACETS for config in configs):
            return await super().facet_results()
        if not await kept(self.ds.get_database(self.database)):
            return await super().facet_results()
        self._configs = [config for config in configs if _column(config) not in KEPT_FACETS]
        results, timed_out = await super().facet_results()
        by_column = {result["name"]: result for result in results}
        for config in configs:
            column = _column(config)
            if column in KEPT_FACETS:
                try:
                    by_column[column] = await self.kept_result(column, config["source"], scope)
                except QueryInterrupted:
                    timed_out.append(column)
        shown = dict.fromkeys(_column(config) for config in configs)
        return [by_column[column] for column in shown if column in by_column], timed_out

    async def kept_result(
        self, column: str, source: str, scope: tuple[str, dict[str, str]]
    ) -> dict[str, Any]:
        """One facet as Datasette shows it: its values by count, each with the link that toggles it."""
        where, params = scope
        size = self.get_facet_size()
        rows = await self.ds.execute(
            self.database,
            f"select {column} as value, sum(articles) as count from {KEPT_FACETS[column]} "
            f"where {column} is not null {where} group by {column} "
            f"order by count desc, value limit {size + 1}",
            params,
            custom_time_limit=self.ds.setting("facet_time_limit_ms"),
        )
        pairs = self.get_querystring_pairs()
        values = []
        for row in rows.rows[:size]:
            selected = (column, str(row["value"])) in pairs
            toggle = (
                path_with_removed_args(self.request, {column: str(row["value"])})
                if selected
                else path_with_added_args(self.request, {column: row["value"]})
            )
            values.append(
                {
                    "value": row["value"],
                    "label": row["value"],
                    "count": row["count"],
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle)),
                    "selected": selected,
                }
            )
        return {
            "name": column,
            "type": self.type,
            "hideable": source != "metadata",
            "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
            "results": values,
            "truncated": len(rows.rows) > size,
        }


@hookimpl(wrapper=True)
def register_facet_classes() -> Any:
    """Datasette's column facet replaced by ``KeptCountsFacet`` (which is it, for any other facet)."""
    groups = yield
    return [[KeptCountsFacet if cls is ColumnFacet else cls for cls in group] for group in groups]
