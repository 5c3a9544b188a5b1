"""Onboarding: a working profile from a column URL, for one site or a spreadsheet of them.

``probe`` fetches and reads one column (a fetch job: it only yields requests and reads answers), ``listapi``
recognises a JSON list API a page's script names, ``naming`` proposes ids and names, ``draft`` turns findings
into a validated TOML profile, ``sheet`` reads the spreadsheet of ``govnews profile import``.
"""
