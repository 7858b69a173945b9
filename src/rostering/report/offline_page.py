"""One self-contained Leaflet page from folium: no CDN, no tile server, the same bytes for the same map.

Folium links Leaflet, jQuery, Bootstrap and Font Awesome from CDNs; council networks and these machines
reach none of them. `OfflineMap` drops those links and the page gets the vendored Leaflet 1.9.4 inline
instead (vendor/leaflet, BSD-2; its licence notice is kept in the page), with the stylesheet's images as
data URIs. No tile layer is shown by default. A small script records any script or resource error into
the page (`data-map-errors` on <html>) and, on load, marks the page ready with the number of route
lines drawn (`data-map-ready`, `data-route-lines`), so a headless browser can check it from its DOM.
Element ids are numbered in tree order instead of folium's random ones: same map, same bytes.
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure
from folium.template import Template

VENDOR = Path(__file__).resolve().parent / "vendor" / "leaflet"
ROUTE_CLASS = "rostering-route"

PAGE_CHECK_SCRIPT = """<script>
(function () {
  var errors = [];
  var root = document.documentElement;
  function note(message) {
    errors.push(String(message));
    root.setAttribute("data-map-errors", JSON.stringify(errors));
  }
  root.setAttribute("data-map-errors", "[]");
  window.addEventListener("error", function (e) {
    var t = e.target;
    note(e.message || (t && (t.src || t.href) ? "failed to load " + (t.src || t.href) : "error"));
  }, true);
  window.addEventListener("unhandledrejection", function (e) { note(e.reason); });
  window.addEventListener("load", function () {
    root.setAttribute("data-route-lines", String(document.querySelectorAll("path.ROUTE_CLASS").length));
    root.setAttribute("data-map-ready", typeof L === "undefined" ? "no-leaflet" : "yes");
  });
})();
</script>""".replace("ROUTE_CLASS", ROUTE_CLASS)


class TextPopup(folium.Popup):
    """A popup whose content is an HTML string set directly (folium's wraps it in jQuery, not loaded here)."""

    _template = Template(
        """
        var {{ this.get_name() }} = L.popup({{ this.options|tojavascript }})
            .setContent({{ this.content|tojson }});
        {{ this._parent.get_name() }}.bindPopup({{ this.get_name() }});
        """
    )

    def __init__(self, content: str, max_width: int = 320) -> None:
        super().__init__(max_width=max_width)
        self.content = content


class OfflineMap(folium.Map):
    """A folium Map whose page links nothing on the internet (Leaflet is inlined by `offline_html`)."""

    # Folium reads these class attributes to link its CDN assets: none here.
    default_js: list[tuple[str, str]] = []  # noqa: RUF012
    default_css: list[tuple[str, str]] = []  # noqa: RUF012


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


@cache
def leaflet_inline() -> str:
    """Leaflet's licence notice, stylesheet (images inlined) and script, as one block for <head>."""
    css = (VENDOR / "leaflet.css").read_text(encoding="utf-8")
    for image in sorted((VENDOR / "images").glob("*.png")):
        css = css.replace(f"url(images/{image.name})", f"url({_data_uri(image)})")
    script = (VENDOR / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    licence = (VENDOR / "LICENSE").read_text(encoding="utf-8").replace("--", "- -")
    return (
        f"<!-- Leaflet 1.9.4, https://leafletjs.com, inlined unchanged.\n{licence}-->\n"
        f"<style>{css}</style>\n<script>{script}</script>"
    )


def add_offline_assets(page: folium.Map) -> None:
    """Put the error recorder (which marks the page ready on load) and inline Leaflet atop <head>."""
    root = page.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(Element(PAGE_CHECK_SCRIPT), name="rostering_errors", index=0)
    root.header.add_child(Element(leaflet_inline()), name="leaflet", index=1)


def _number_ids(element: Any, counter: list[int]) -> None:
    if hasattr(element, "_id"):
        counter[0] += 1
        element._id = f"{counter[0]:04d}"
    for child in getattr(element, "_children", {}).values():
        _number_ids(child, counter)


def offline_html(page: folium.Map) -> str:
    """The page as one HTML document: deterministic ids, Leaflet inline, nothing fetched."""
    root = page.get_root()
    _number_ids(root, [0])
    html = root.render()
    return html if html.endswith("\n") else html + "\n"
