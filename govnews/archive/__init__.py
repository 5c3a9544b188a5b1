"""The archive: every response a crawl receives, kept in WARC files (ISO 28500) in the run's folder, read back
to re-extract records with today's code, and WARC files written by other tools read as well.

Written with warcio, the Webrecorder project's WARC library (never by hand). See docs/archive.md.
"""
