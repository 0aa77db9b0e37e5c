"""PDFs from the same HTML templates as the pages, with WeasyPrint.

The HTML is rendered by the web app's templates; WeasyPrint lays it out for paper (the
stylesheet's print rules apply). It may load only what `assets` gives it (our stylesheet and
drawings): never anything from the network."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

BASE_URL = "https://footwork.invalid/"
Asset = tuple[bytes, str]
"""(content, media type)"""


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot run here (its system libraries, Pango, are missing)."""


def html_to_pdf(html: str, *, assets: Callable[[str], Asset | None]) -> bytes:
    """The PDF of `html`; `assets(path)` answers for each '/...' URL the page refers to."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
        from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]
    except OSError as error:  # Pango or its friends are missing
        raise PdfUnavailable(
            f"PDF output needs the Pango library ({error}); on Debian or Ubuntu: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from None

    class OwnAssets(URLFetcher):  # type: ignore[misc]
        """Answers from `assets` alone; anything else is refused, nothing is downloaded."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):  # inline in the page itself (a chart's bitmap)
                return super().fetch(url, headers)
            if not url.startswith(BASE_URL):
                raise ValueError(f"not fetched: {url} (PDFs load nothing from outside)")
            found = assets("/" + url[len(BASE_URL) :])
            if found is None:
                raise ValueError(f"no such asset: {url}")
            return URLFetcherResponse(url, found[0], {"Content-Type": found[1]})

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=OwnAssets())
    return bytes(document.write_pdf())
