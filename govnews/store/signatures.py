"""Near-duplicate (reprint) signatures: LSH bands indexed for candidate lookup (shared logic)."""

from __future__ import annotations

from collections.abc import Sequence

from .core import StoreCore

_U64 = 1 << 64


def band_value(value: int) -> int:
    """A band value as a signed 64-bit integer (both backends store BIGINT); larger values are folded."""
    value %= _U64
    return value - _U64 if value >= 1 << 63 else value


class SignaturesMixin(StoreCore):
    def add_signature(self, article_id: str, site: str, bands: Sequence[int], signature: bytes) -> None:
        """Store the article's signature and its band values, replacing what it had."""
        with self._tx(write=True):
            self._exec("DELETE FROM signature_bands WHERE article_id = ?", (article_id,))
            self._exec("INSERT INTO signatures (article_id, site, signature) VALUES (?, ?, ?) "
                       "ON CONFLICT (article_id) DO UPDATE SET site = excluded.site, signature = excluded.signature",
                       (article_id, site, bytes(signature)))
            rows = {(index, band_value(value), article_id) for index, value in enumerate(bands)}
            self._many("INSERT INTO signature_bands (band, band_value, article_id) VALUES (?, ?, ?)", sorted(rows))

    def signature_candidates(self, bands: Sequence[int], exclude_site: str) -> list[tuple[str, str, bytes]]:
        """``(article_id, site, signature)`` of other sites' articles sharing a band value at the same index."""
        pairs = sorted({(index, band_value(value)) for index, value in enumerate(bands)})
        if not pairs:
            return []
        found: dict[str, tuple[str, str, bytes]] = {}
        with self._tx(write=False):
            for start in range(0, len(pairs), 200):
                chunk = pairs[start:start + 200]
                match = " OR ".join(["(b.band = ? AND b.band_value = ?)"] * len(chunk))
                rows = self._query(
                    "SELECT DISTINCT s.article_id, s.site, s.signature FROM signature_bands b "
                    f"JOIN signatures s ON s.article_id = b.article_id WHERE ({match}) "
                    "AND (s.site IS NULL OR s.site <> ?)", [*(v for pair in chunk for v in pair), exclude_site])
                for article_id, site, signature in rows:
                    found[article_id] = (article_id, site, bytes(signature))
        return [found[key] for key in sorted(found)]
