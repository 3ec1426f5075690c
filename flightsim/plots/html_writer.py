"""A report as one self-contained HTML file.

Figures are embedded as base64 PNG ``data:`` URIs and the style sheet is
inline: the file has no scripts, loads nothing from disk or network, and links
only to its own sections, so it can be mailed or archived as it is.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape
from pathlib import Path

from flightsim.plots.pages import RenderedPage, Report, TablePage, slug
from flightsim.plots.style import DPI

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
       max-width: 1160px; margin: 0 auto; padding: 1.5em; line-height: 1.45; }
h1 { margin-bottom: 0.2em; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 2em; }
.facts { color: #555; margin: 0; }
.facts span { margin-right: 1.5em; }
nav ol { columns: 2; padding-left: 1.2em; }
nav a { color: #0072B2; text-decoration: none; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.8em; }
th { background: #f0f0f0; }
td { text-align: right; } td:first-child { text-align: left; }
.notes, .skipped { background: #fff8e6; border-left: 4px solid #E69F00;
                   padding: 0.5em 1em; margin: 0.5em 0; }
.notes ul { margin: 0; padding-left: 1.2em; }
"""


def _table(page: TablePage) -> str:
    colors = page.header_colors or ()
    head = []
    for col, text in enumerate(page.header):
        style = f' style="color:{colors[col - 1]}"' if 0 < col <= len(colors) else ""
        head.append(f"<th{style}>{escape(text)}</th>")
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>\n"
        for row in page.rows
    )
    return f"<table>\n<thead><tr>{''.join(head)}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>"


def _section(page: RenderedPage) -> str:
    parts = [f'<section id="{slug(page.title)}">', f"<h2>{escape(page.title)}</h2>"]
    if page.skipped is not None:
        parts.append(f'<p class="skipped">{escape(str(page.skipped))}</p>')
    elif isinstance(page.page, TablePage):
        parts.append(_table(page.page))
    elif page.figure is not None:
        data = base64.b64encode(page.png()).decode("ascii")
        width, height = (round(v * DPI) for v in page.figure.get_size_inches())
        parts.append(
            f'<img alt="{escape(page.title)}" width="{width}" height="{height}" '
            f'src="data:image/png;base64,{data}">'
        )
    if page.notes:
        items = "".join(f"<li>{escape(note)}</li>" for note in page.notes)
        parts.append(f'<div class="notes">Notes:<ul>{items}</ul></div>')
    parts.append("</section>")
    return "\n".join(parts)


def html_document(report: Report, rendered: Sequence[RenderedPage]) -> str:
    """The complete HTML text of ``report`` with its rendered pages."""
    facts = "".join(
        f"<span><b>{escape(label)}:</b> {escape(text)}</span>" for label, text in report.facts
    )
    contents = "".join(
        f'<li><a href="#{slug(p.title)}">{escape(p.title)}</a>'
        f"{' (skipped)' if p.skipped else ''}</li>"
        for p in rendered
    )
    sections = "\n".join(_section(p) for p in rendered)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(report.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>{escape(report.title)}</h1>\n<p class="facts">{facts}</p></header>\n'
        f"<nav><ol>{contents}</ol></nav>\n{sections}\n</body>\n</html>\n"
    )


def write_html(report: Report, rendered: Sequence[RenderedPage], path: Path) -> None:
    """Write the HTML report to ``path`` (UTF-8)."""
    path.write_text(html_document(report, rendered), encoding="utf-8")
