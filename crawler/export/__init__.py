"""The archive as a dataset (docs/export.md): Parquet shards by language, site and month that Hugging Face
``datasets``, DuckDB and pandas read as they are, with duplicates marked (``dedup``), languages checked
(``language``), a dataset card (``card``), and incremental exports that rewrite only what changed
(``parquet``)."""
