"""Reports: self-contained HTML, multi-page PDF, PNG export, skips, custom pages, the CLI."""

import base64
import io
import re
from collections.abc import Callable
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np
import pytest
from matplotlib.figure import Figure
from pdf_text import pdf_page_texts
from usage_errors import assert_one_line_error

from flightsim.cli import main
from flightsim.errors import ConfigError, UnitError
from flightsim.plots import (
    FigurePage,
    PlotHandle,
    PlotResult,
    Report,
    Table,
    TablePage,
    Waypoint,
    flight_report,
    plot_altitude,
    plot_distribution,
    plot_ground_track,
    plot_xy,
    recording_pages,
    table_page,
    write_pages,
    write_report,
)
from flightsim.recording import Recording

FIGURE_TITLES = [
    "Altitude and vertical speed",
    "Airspeed and Mach number",
    "Attitude (Euler angles)",
    "Body angular rates",
    "Angle of attack and sideslip",
    "Load factor",
    "Control surfaces and throttle",
    "Engine and fuel",
    "Ground track",
    "3D trajectory",
]


def pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", path.read_bytes()))


def embedded_images(html: str) -> list[np.ndarray]:
    found = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    return [np.asarray(mpimg.imread(io.BytesIO(base64.b64decode(d)), format="png")) for d in found]


@pytest.fixture(scope="module")
def html_report(tmp_path_factory: pytest.TempPathFactory, flight: Recording) -> str:
    out = tmp_path_factory.mktemp("html") / "report.html"
    assert write_report([flight], out, title="Test flight") == out
    return out.read_text(encoding="utf-8")


def test_html_is_self_contained(html_report: str) -> None:
    assert html_report.startswith("<!DOCTYPE html>")
    assert "<script" not in html_report
    assert not re.search(r'(src|href)="(?!data:|#)', html_report)  # no file or network links
    assert "http://" not in html_report and "https://" not in html_report
    assert "<title>Test flight</title>" in html_report


def test_html_has_every_figure_and_the_summary(html_report: str) -> None:
    headings = re.findall(r"<h2>(.*?)</h2>", html_report)
    assert headings == ["Run summary", *FIGURE_TITLES]
    images = embedded_images(html_report)
    assert len(images) == len(FIGURE_TITLES)
    for image in images:
        assert image.shape[:2] == (750, 1100)
        assert image[..., :3].std() > 0.05  # not blank
    assert "<td>Altitude max [ft]</td>" in html_report
    assert "<td>c172p</td>" in html_report


def test_pdf_has_cover_summary_and_one_page_per_figure(
    tmp_path: Path, flight: Recording, synth: Recording
) -> None:
    out = write_report([flight, synth], tmp_path / "nested" / "report.pdf", labels=["a", "b"])
    assert out.read_bytes().startswith(b"%PDF")
    assert pdf_pages(out) == 1 + 1 + len(FIGURE_TITLES)  # cover, summary, figures
    assert not list(out.parent.glob(".*partial"))
    pages = pdf_page_texts(out)
    assert len(pages) == pdf_pages(out)
    assert "Flight report: c172p, synthetic" in pages[0]
    cover = " ".join(pages[0])
    assert "2. Run summary, 3. Altitude and vertical speed" in cover
    for page, title in zip(pages[1:], ["Run summary", *FIGURE_TITLES], strict=True):
        assert title in page, f"page titled {title!r} not found: {page[:8]}"
    assert {"a", "b"} <= set(pages[2])  # the run legend
    assert "Altitude MSL [ft]" in pages[2] and "Time [s]" in pages[2]


def test_missing_properties_skip_with_a_note(tmp_path: Path, synth: Recording) -> None:
    bare = Recording(synth.time_s, {"position/h-sl-ft": synth["position/h-sl-ft"]})
    html = write_report([bare], tmp_path / "bare.html", png_dir=tmp_path / "png").read_text()
    assert 'class="skipped">Airspeed and Mach number: skipped, not recorded' in html
    assert "velocities/vc-kts" in html
    assert len(embedded_images(html)) == 1  # only altitude could be drawn
    assert "Vertical speed: not recorded" in html  # its empty panel is named
    pngs = sorted(p.name for p in (tmp_path / "png").iterdir())
    assert pngs == ["01-run-summary.png", "02-altitude-and-vertical-speed.png"]
    pdf = write_report([bare], tmp_path / "bare.pdf")
    assert pdf_pages(pdf) == 3  # cover (listing the skips), summary, altitude
    cover, _summary, altitude = pdf_page_texts(pdf)
    assert "Notes:" in cover  # few notes: on the cover
    assert "Airspeed and Mach number: skipped, not recorded: CAS (velocities/vc-kts)" in " ".join(
        cover
    )
    # the figure itself names what it left out (PDF page and PNG alike)
    footnote = " ".join(t for t in altitude if t.startswith("Note:") or "h-dot" in t)
    assert "Vertical speed: not recorded (velocities/h-dot-fps)" in footnote


def test_many_notes_get_notes_pages_not_a_cut(tmp_path: Path, synth: Recording) -> None:
    """80 long notes (10 on each of 8 pages): far more than a cover holds; every one
    reaches the PDF, on notes pages after the cover and on its own page."""

    def noted(number: int) -> FigurePage:
        def draw(fig: Figure) -> PlotResult:
            ax = fig.add_subplot()
            ax.plot(synth.time_s, synth["position/h-sl-ft"])
            notes = [f"note {10 * number + i:02d}: " + "a long explanation " * 4 for i in range(10)]
            return PlotHandle(f"Page {number:02d}", fig, [ax], notes=notes)

        return FigurePage(f"Page {number:02d}", draw)

    report = Report("Many notes", tuple(noted(i) for i in range(8)))
    out = write_pages(report, tmp_path / "notes.pdf")
    pages = pdf_page_texts(out)
    assert "Notes (1/3)" in pages[1] and "Notes (2/3)" in pages[2] and "Notes (3/3)" in pages[3]
    cover = " ".join(pages[0])
    assert "2. Notes (1/3), 3. Notes (2/3), 4. Notes (3/3), 5. Page 00" in cover
    assert "80 notes: see Notes (1/3), Notes (2/3), Notes (3/3)." in cover
    notes = " ".join(t for page in pages[1:4] for t in page)
    assert "see the HTML report" not in cover + notes
    assert all(f"Page {i // 10:02d}: note {i:02d}: a long" in notes for i in range(80))
    last = " ".join(pages[-1])
    assert any(t.startswith("Note: note 70: a long") for t in pages[-1])
    assert "note 79: a long" in last  # the page's footnote holds all ten
    assert len(pages) == 1 + 3 + 8


def test_si_units_reach_the_report(tmp_path: Path, synth: Recording) -> None:
    """The summary table and the facts under the title, written without drawing figures."""
    report = flight_report([synth], units="si")
    assert dict(report.facts)["Units"] == "SI (m, m/s, N, kg; maps in m or km)"
    summary = Report(report.title, report.pages[:1], report.facts)  # the table page alone
    html = write_pages(summary, tmp_path / "si.html").read_text()
    assert "<td>Altitude max [m]</td>" in html and "SI (m, m/s, N, kg; maps in m or km)" in html


def test_bad_report_input(tmp_path: Path, synth: Recording) -> None:
    with pytest.raises(ConfigError, match=r"\*.html or \*.pdf"):
        write_report([synth], tmp_path / "report.docx")
    with pytest.raises(ConfigError, match="no samples"):
        write_report([Recording(np.array([]), {})], tmp_path / "r.html")
    with pytest.raises(ConfigError, match="no recordings"):
        write_report([], tmp_path / "r.html")
    with pytest.raises(UnitError):
        write_report([synth], tmp_path / "r.html", units="metric")
    assert not list(tmp_path.iterdir())


def test_custom_pages_reuse_figure_functions(
    tmp_path: Path, make_synthetic: Callable[..., Recording]
) -> None:
    """The extension point: an evaluation report from the same page types."""
    runs = [make_synthetic(phase=p) for p in (0.0, 1.0, 2.0)]

    def returns_histogram(fig: Figure) -> PlotHandle:
        ax = fig.add_subplot()
        ax.hist([1.0, 2.0, 2.5, 3.0], bins=4)
        ax.set_xlabel("Episode return [-]")
        fig.suptitle("Return distribution")
        return PlotHandle("Return distribution", fig, [ax])

    pages = [
        TablePage("Controllers", ("controller", "mean return"), (("PID", "2.1"), ("PPO", "2.4"))),
        FigurePage("Return distribution", returns_histogram),
        FigurePage("Altitude per controller", lambda fig: plot_altitude(runs, fig=fig)),
        *recording_pages(runs[:1])[1:2],
    ]
    out = write_pages(Report("Evaluation", tuple(pages)), tmp_path / "eval.pdf")
    assert pdf_pages(out) == 1 + 4
    html = write_pages(Report("Evaluation", tuple(pages)), tmp_path / "eval.html").read_text()
    assert re.findall(r"<h2>(.*?)</h2>", html) == [
        "Controllers",
        "Return distribution",
        "Altitude per controller",
        "Altitude and vertical speed",
    ]


# -- the command line -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory, flight: Recording) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("rec")
    return flight.to_csv(folder / "flight.csv"), flight.to_npz(folder / "flight.npz")


def test_cli_writes_html_pdf_and_pngs(
    tmp_path: Path, recorded: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    csv, npz = recorded
    out = tmp_path / "r.html"
    code = main(
        [
            "report",
            str(csv),
            str(npz),
            "-o",
            str(out),
            "--png",
            str(tmp_path / "png"),
            "--units",
            "si",
            "--title",
            "Two copies",
            "--label",
            "csv",
            "--label",
            "npz",
        ]
    )
    assert code == 0
    assert f"wrote {out}" in capsys.readouterr().out
    html = out.read_text()
    assert "<title>Two copies</title>" in html and ">csv</th>" in html and ">npz</th>" in html
    assert len(list((tmp_path / "png").glob("*.png"))) == 1 + len(FIGURE_TITLES)
    assert main(["report", str(csv), "-o", str(tmp_path / "r.pdf")]) == 0
    assert pdf_pages(tmp_path / "r.pdf") == 2 + len(FIGURE_TITLES)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "no recording file"),
        (["{bad}"], "bad.csv:3: row has"),
        (["{empty}"], "no samples"),
        (["{csv}", "--units", "metric"], "unknown unit system 'metric'"),
        (["{csv}", "--label", "a", "--label", "b"], "2 --label for 1 input"),
        (["{csv}", "-o", "{out}.txt"], "html or"),
    ],
)
def test_cli_bad_input_exits_2(
    tmp_path: Path,
    recorded: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("sim-time-sec,position/h-sl-ft\n0,4000\nzero,4001\n0.2,4002\n")
    empty = tmp_path / "empty.csv"
    empty.write_text("sim-time-sec,position/h-sl-ft\n")
    names = {"bad": bad, "empty": empty, "csv": recorded[0], "out": tmp_path / "r"}
    argv = ["report", *(a.format(**names) for a in args)]
    if "-o" not in argv:
        argv += ["-o", str(tmp_path / "r.html")]
    assert_one_line_error(main(argv), *capsys.readouterr(), "flightsim report", message)
    assert not (tmp_path / "r.html").exists()


def test_cli_waypoints_and_metadata_waypoints_reach_the_ground_track(
    tmp_path: Path, flight: Recording
) -> None:
    rec = Recording(
        flight.time_s, dict(flight.columns), {**flight.meta, "waypoint/HOME": "37.6,-122.4"}
    )
    csv = rec.to_csv(tmp_path / "flight.csv")
    out = tmp_path / "r.pdf"
    argv = ["report", str(csv), "-o", str(out), "--waypoint", "EAST=37.6,-122.38"]
    assert main([*argv, "--waypoint", " KSFO = 37.619,-122.375"]) == 0
    track = next(page for page in pdf_page_texts(out) if "Ground track" in page)
    assert {"HOME", "EAST", "KSFO", "waypoint"} <= set(track)
    handle = plot_ground_track(
        rec, units="si", waypoints=[Waypoint.at("EAST", 37.6, -122.38)], fig=Figure()
    )
    assert isinstance(handle, PlotHandle)
    names = {t.get_text(): t.xy for t in handle.axes[0].texts}
    assert set(names) == {"EAST", "HOME"}
    assert names["HOME"] == pytest.approx((0.0, 0.0), abs=1e-6)  # the start, lat/lon origin
    assert names["EAST"][0] == pytest.approx(1764.0, rel=0.01)  # 0.02 deg of longitude [m]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("KSFO=abc", "waypoint KSFO: cannot read 'abc' as LAT,LON in degrees"),
        ("37.6,-122.4", "write NAME=LAT,LON in degrees"),
        ("N=95,0", "latitude 95 / longitude 0 deg out of range"),
    ],
)
def test_cli_bad_waypoint_exits_2(
    tmp_path: Path,
    recorded: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    value: str,
    message: str,
) -> None:
    out = tmp_path / "r.html"
    code = main(["report", str(recorded[0]), "-o", str(out), "--waypoint", value])
    assert_one_line_error(code, *capsys.readouterr(), "flightsim report", message)
    assert not out.exists()


def test_bad_metadata_waypoint_is_a_note_not_an_error(synth: Recording) -> None:
    synth.meta["waypoint/X"] = "north of here"
    handle = plot_ground_track(synth, fig=Figure())
    assert isinstance(handle, PlotHandle)
    assert any("metadata waypoint/X: cannot read 'north of here'" in n for n in handle.notes)


def test_a_sweep_and_evaluation_report_from_the_generic_figures(tmp_path: Path) -> None:
    """The extension point with tables: a sweep page and a return distribution, in both
    formats, made of the same figure functions and page types as the flight report."""
    sweep = Table.from_rows(
        [
            {"controller": c, "wind-kts": w, "error-ft": e * (1.0 + 0.1 * w)}
            for c, e in (("PID", 20.0), ("PPO", 12.0))
            for w in (0.0, 5.0, 10.0, 15.0, 20.0)
        ],
        labels={"wind-kts": "Wind speed", "error-ft": "Tracking error"},
    )
    rng = np.random.default_rng(1)
    returns = Table(
        {
            "controller": ["PID"] * 30 + ["PPO"] * 30,
            "return": np.concatenate([rng.normal(400, 15, 30), rng.normal(450, 10, 30)]),
        },
        labels={"return": "Episode return"},
    )
    pages = [
        table_page("Sweep points", sweep, units="si"),
        FigurePage(
            "Tracking error against wind speed",
            lambda fig: plot_xy(sweep, x="wind-kts", y="error-ft", by="controller", fig=fig),
        ),
        FigurePage(
            "Episode return per controller",
            lambda fig: plot_distribution(returns, column="return", by="controller", fig=fig),
        ),
    ]
    report = Report("Heading-hold evaluation", tuple(pages))
    pdf = write_pages(report, tmp_path / "eval.pdf")
    texts = pdf_page_texts(pdf)
    assert len(texts) == 4
    assert "Sweep points" in texts[1] and "Wind speed [m/s]" in texts[1]
    assert "Tracking error against wind speed" in texts[2]
    assert {"Wind speed [kt]", "Tracking error [ft]", "PID", "PPO", "controller"} <= set(texts[2])
    assert "Episode return per controller" in texts[3] and "controller" in texts[3]
    html = write_pages(report, tmp_path / "eval.html").read_text()
    assert re.findall(r"<h2>(.*?)</h2>", html) == [p.title for p in pages]
    assert "<th>Tracking error [m]</th>" in html and "<td>PPO</td>" in html
    images = embedded_images(html)
    assert len(images) == 2 and all(image[..., :3].std() > 0.05 for image in images)
