"""Backfill from web archives at scale (docs/scaling.md): WARC files read in parallel, one task a file
(stage 1, ``scan``: FastWARC, judged by the WARC headers, ABP's pages extracted, cleaned and validated by the
crawl's own code into a shard), and one writer that stores the shards' rows in the archive (stage 2,
``ingest``). The tasks run on datatrove's executors (``pipeline``): every core of this machine, Ray or Slurm.
"""
