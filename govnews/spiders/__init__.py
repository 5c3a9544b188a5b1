"""Scrapy spiders of govnews: one profile-driven spider."""
