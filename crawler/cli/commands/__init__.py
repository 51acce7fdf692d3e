"""Scrapy commands of the project (``COMMANDS_MODULE``): they replace the built-in ones of the same name."""
