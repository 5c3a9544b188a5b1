"""Scrapy extensions of govnews: the run manifest and the live progress lines."""
