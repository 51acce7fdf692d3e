"""What a person sees of a run: the closing summary and verdict of a crawl (``summary``), and progress on
long work (``progress``). Pure over a run's stats and records; no Scrapy."""
