"""Pure helpers over a page's markup and text, below extraction and cleaning: the HTML tree, text
normalisation, ISO 8601 dates."""
