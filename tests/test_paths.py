"""Finding aircraft, engines, systems and scripts the way JSBSim does."""

import os
import shutil
from pathlib import Path

import pytest

from flightsim.config.file_search import candidates, first_file, shared_folders
from flightsim.errors import ConfigError, ConfigTypeError, NotFoundError
from flightsim.paths import EditionCache, find_aircraft, find_script, jsbsim_root, list_aircraft
from flightsim.sim.simulation import Simulation


def test_bundled_aircraft_found_by_name() -> None:
    loc = find_aircraft("c172p")
    assert loc.source == "bundled"
    assert loc.is_bundled
    assert loc.main_file == jsbsim_root() / "aircraft" / "c172p" / "c172p.xml"
    assert loc.aircraft_path == jsbsim_root() / "aircraft"


def test_unknown_aircraft_lists_closest_names() -> None:
    with pytest.raises(NotFoundError) as info:
        find_aircraft("c172q")
    message = str(info.value)
    assert "unknown aircraft 'c172q'" in message
    assert "Did you mean: " in message and "c172p" in message
    assert "--aircraft-dir" in message


def test_aircraft_names_match_case_insensitively_when_unique() -> None:
    assert find_aircraft("a320").name == "A320"
    assert find_aircraft("C172P").name == "c172p"


def test_a_case_twin_is_suggested_first(tmp_path: Path) -> None:
    for name in ("Glider", "GLIDER"):  # two names differing in case: ambiguous
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.xml").write_text("<fdm_config/>")
    with pytest.raises(NotFoundError, match=r"Did you mean: (Glider, GLIDER|GLIDER, Glider)"):
        find_aircraft("glider", aircraft_dirs=[tmp_path])


def test_an_xml_file_that_is_not_an_aircraft_is_refused() -> None:
    ic_file = jsbsim_root() / "aircraft" / "c172x" / "reset01.xml"
    with pytest.raises(ConfigError, match=r"not an aircraft file \(root element <initialize>"):
        find_aircraft(str(ic_file))


def test_one_folder_given_as_a_string_is_one_folder_not_its_characters(tmp_path: Path) -> None:
    mine = tmp_path / "myplane"
    mine.mkdir()
    shutil.copy(jsbsim_root() / "aircraft" / "c172p" / "c172p.xml", mine / "myplane.xml")
    for folder in (str(tmp_path), tmp_path):  # aircraft_dirs="/my/planes", not ["/my/planes"]
        assert find_aircraft("myplane", aircraft_dirs=folder).main_file == mine / "myplane.xml"
        assert "myplane" in {a.name for a in list_aircraft(folder)}
    (tmp_path / "empty").mkdir()
    with pytest.raises(NotFoundError, match=f"Searched: {tmp_path / 'empty'}, "):
        find_aircraft("nosuchplane", aircraft_dirs=str(tmp_path / "empty"))
    with Simulation("myplane", aircraft_dirs=str(tmp_path), record=None) as sim:
        assert sim.aircraft.main_file == mine / "myplane.xml"


def test_folders_given_as_an_iterator_are_searched_on_every_pass(tmp_path: Path) -> None:
    mine = tmp_path / "MyPlane"
    mine.mkdir()
    shutil.copy(jsbsim_root() / "aircraft" / "c172p" / "c172p.xml", mine / "MyPlane.xml")
    # the case-insensitive match is find_aircraft's second pass over the folders: an
    # iterator had been spent by the first, and the aircraft was unknown
    found = find_aircraft("myplane", aircraft_dirs=iter([tmp_path]))
    assert found.main_file == mine / "MyPlane.xml"
    # ... and the folders searched, named in the error, had left it out
    with pytest.raises(NotFoundError, match=f"Searched: {tmp_path}, "):
        find_aircraft("nosuchplane", aircraft_dirs=(d for d in [tmp_path]))
    # a script's simulation keeps them (it had kept them spent by finding its aircraft)
    with Simulation.from_script("c1721", aircraft_dirs=(d for d in [tmp_path])) as sim:
        assert sim.options.aircraft_dirs == (tmp_path,)


@pytest.mark.parametrize("folders", [5, None, [5], ["planes", None]])
def test_aircraft_dirs_that_are_no_folders_are_named(folders: object) -> None:
    message = r"^aircraft_dirs=.*: .* is no folder; give one folder \(a str or Path\) or a list"
    with pytest.raises(ConfigTypeError, match=message):
        find_aircraft("c172p", aircraft_dirs=folders)  # type: ignore[arg-type]
    with pytest.raises(ConfigTypeError, match=message):
        list_aircraft(folders)  # type: ignore[arg-type]
    with pytest.raises(ConfigTypeError, match=message):
        Simulation("c172p", aircraft_dirs=folders, record=None)  # type: ignore[arg-type]


def test_a_path_that_does_not_exist_is_named_with_its_neighbours(tmp_path: Path) -> None:
    (tmp_path / "myplane").mkdir()
    # it had been "unknown aircraft '.../myplan'. Searched: <the aircraft folders>"
    with pytest.raises(NotFoundError) as info:
        find_aircraft(str(tmp_path / "myplan"))
    assert str(info.value) == (
        f"{tmp_path / 'myplan'}: no such file or folder. Did you mean: myplane? Give an "
        "aircraft's folder, its main XML file, or a name ('flightsim aircraft' lists them)"
    )
    with pytest.raises(NotFoundError, match=r"^/no/such/dir/plane: no such file or folder\. Give"):
        find_aircraft("/no/such/dir/plane")


def test_user_folder_comes_first_and_is_listed(tmp_path: Path) -> None:
    mine = tmp_path / "c172p"
    mine.mkdir()
    shutil.copy(jsbsim_root() / "aircraft" / "c172p" / "c172p.xml", mine / "c172p.xml")
    loc = find_aircraft("c172p", aircraft_dirs=[tmp_path])
    assert loc.source == "user"
    assert loc.folder == mine
    listed = {a.name: a.source for a in list_aircraft([tmp_path])}
    assert listed["c172p"] == "user"
    assert listed["f16"] == "bundled"


def test_aircraft_by_folder_or_main_file(tmp_path: Path) -> None:
    folder = tmp_path / "myplane"
    folder.mkdir()
    (folder / "myplane.xml").write_text("<fdm_config/>")
    assert find_aircraft(str(folder)).main_file == (folder / "myplane.xml").resolve()
    assert find_aircraft(str(folder / "myplane.xml")).name == "myplane"


def test_engine_and_system_search_order_matches_jsbsim() -> None:
    """FGPropulsion::FindFullPathName (engines: the aircraft folder's Engines/, engines/,
    Engine/, engine/, then the root's engine/, not the aircraft folder itself) and
    FGFCS::FindFullPathName (systems: the aircraft folder, Systems/, systems/, then the
    root's systems/; an autopilot or flight control: the aircraft folder only)."""
    folder = str(jsbsim_root() / "aircraft" / "c172p")
    shared = shared_folders(str(jsbsim_root()))
    engines = candidates("engine", "eng_io320", folder, shared)
    assert [Path(p).parent.name for p in engines] == [
        "Engines",
        "engines",
        "Engine",
        "engine",
        "engine",
    ]
    assert first_file(engines) == str(jsbsim_root() / "engine" / "eng_io320.xml")
    systems = candidates("system", "GNCUtilities.xml", folder, shared)
    assert systems[0] == f"{folder}/GNCUtilities.xml"
    assert systems[-1] == str(jsbsim_root() / "systems" / "GNCUtilities.xml")
    assert [Path(p).parent.name for p in systems[1:3]] == ["Systems", "systems"]
    assert candidates("section", "mymetrics", folder, shared) == (f"{folder}/mymetrics.xml",)
    flightgear = shared_folders(str(jsbsim_root()), folder)
    assert flightgear == (f"{folder}/Engine", f"{folder}/Systems")


def test_scripts_by_name_or_path(tmp_path: Path) -> None:
    assert find_script("c1723") == jsbsim_root() / "scripts" / "c1723.xml"
    own = tmp_path / "mine.xml"
    own.write_text("<runscript/>")
    assert find_script(own) == own.resolve()
    with pytest.raises(NotFoundError, match="Did you mean: .*c1723"):
        find_script("c1732")


def test_a_folder_or_pipe_given_as_script_is_named_for_what_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # it had been "no script '/tmp/x' (not a file, ...)", as if the path did not exist
    with pytest.raises(NotFoundError) as info:
        find_script(tmp_path)
    assert str(info.value) == (
        f"no script '{tmp_path}' (a folder, not a script file, not a bundled JSBSim script). "
        "Give the path of a JSBSim script (.xml) or the name of a bundled one."
    )
    pipe = tmp_path / "pipe.xml"
    os.mkfifo(pipe)
    with pytest.raises(NotFoundError, match=r"\(a named pipe \(FIFO\), not a script file"):
        find_script(pipe)
    # a folder in the current folder named like a bundled script hides nothing
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c1723").mkdir()
    assert find_script("c1723") == jsbsim_root() / "scripts" / "c1723.xml"


def test_project_aircraft_come_between_user_folders_and_bundled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The project's aircraft/ folder (generated aircraft live there) is searched second."""
    project, user = tmp_path / "project", tmp_path / "user"
    for folder in (project, user):
        (folder / "c172p").mkdir(parents=True)
        shutil.copy(jsbsim_root() / "aircraft" / "c172p" / "c172p.xml", folder / "c172p")
    (project / "mine").mkdir()
    shutil.copy(jsbsim_root() / "aircraft" / "c172p" / "c172p.xml", project / "mine" / "mine.xml")
    monkeypatch.setattr("flightsim.paths.project_aircraft_dir", lambda: project)
    assert find_aircraft("mine").source == "project"
    assert find_aircraft("c172p").source == "project"  # hides the bundled one
    assert find_aircraft("c172p", aircraft_dirs=[user]).source == "user"
    listed = {a.name: a.source for a in list_aircraft([user])}
    assert (listed["mine"], listed["c172p"], listed["f16"]) == ("project", "user", "bundled")


def test_a_folder_or_file_that_is_no_aircraft_is_named_as_such(tmp_path: Path) -> None:
    empty = tmp_path / "hangar"
    empty.mkdir()
    with pytest.raises(NotFoundError, match=r"hangar is a folder without an aircraft main file"):
        find_aircraft(str(empty))
    notes = tmp_path / "notes.csv"
    notes.write_text("x\n")
    with pytest.raises(ConfigError, match=r"notes.csv is not an aircraft"):
        find_aircraft(str(notes))


def test_an_aircraft_s_edition_is_its_latest_xml_the_jsbsim_could_read(tmp_path: Path) -> None:
    # the edition keys the per-process caches of derived profiles and control responses;
    # it had scanned every XML file below the main file's folder: for a main file given by
    # path in a big folder (a home folder), all of it, and a broken link anywhere had
    # raised FileNotFoundError from the environment's constructor
    folder = tmp_path / "hangar"
    shutil.copytree(jsbsim_root() / "aircraft" / "c172p", folder / "mine")
    main = folder / "mine" / "c172p.xml"
    (folder / "mine" / "Systems").mkdir()
    system = folder / "mine" / "Systems" / "autopilot.xml"
    system.write_text("<system/>")
    for path in [system, *(folder / "mine").glob("*.xml")]:  # the main and reset files
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    (folder / "mine" / "gone.xml").symlink_to(folder / "missing.xml")
    (folder / "mine" / "Models" / "deep").mkdir(parents=True)
    (folder / "mine" / "Models" / "deep" / "gone.xml").symlink_to(folder / "missing.xml")
    unread = folder / "mine" / "Models" / "deep" / "model.xml"  # a 3D model: JSBSim skips it
    unread.write_text("<model/>")
    os.utime(unread, ns=(9_000_000_000, 9_000_000_000))
    loc = find_aircraft(main)
    assert loc.edition == (str(main.resolve()), 1_000_000_000)
    os.utime(system, ns=(2_000_000_000, 2_000_000_000))  # an edited system file
    assert loc.edition == (str(main.resolve()), 2_000_000_000)
    os.utime(main, ns=(3_000_000_000, 3_000_000_000))
    assert find_aircraft(folder / "mine" / "c172p.xml").edition[1] == 3_000_000_000


def test_a_result_of_a_new_edition_replaces_the_old_one_s() -> None:
    # results had been kept under (file, edition): every edit of a model added one
    cache: EditionCache[str] = EditionCache()
    assert cache.get("a.xml", 1, lambda: "first") == "first"
    assert cache.get("a.xml", 1, lambda: "not asked") == "first"
    assert cache.get("a.xml", 2, lambda: "edited") == "edited"
    assert cache.get("b.xml", 1, lambda: "other") == "other"
    assert len(cache) == 2 and cache.values() == ["edited", "other"] and cache.computed == 3

    def fails() -> str:
        raise ValueError("broken model")

    with pytest.raises(ValueError, match="broken model"):
        cache.get("a.xml", 3, fails)
    assert cache.get("a.xml", 2, lambda: "not asked") == "edited"  # a failure keeps nothing
    cache.clear()
    assert len(cache) == 0 and cache.get("a.xml", 2, lambda: "again") == "again"


def test_a_folder_that_is_not_there_is_refused_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a misspelt folder had been skipped without a word, and the c172p of JSBSim flown
    # in place of the user's own copy of it
    missing = tmp_path / "myflet"
    with pytest.raises(NotFoundError) as caught:
        find_aircraft("c172p", aircraft_dirs=[tmp_path, missing])
    assert str(caught.value) == (
        f"aircraft_dirs: '{missing}' is no such folder; give folders that hold "
        "<name>/<name>.xml aircraft"
    )
    monkeypatch.chdir(tmp_path)
    Path("planes.txt").write_text("")
    with pytest.raises(NotFoundError, match="'planes.txt' is a file, not a folder"):
        Simulation("c172p", aircraft_dirs="planes.txt", record=None)


def _decoy(folder: Path, name: str) -> Path:
    """A folder ``name/`` holding a ``name.xml`` that is an aircraft file but no flyable
    aircraft (no initialization files, nothing in it): found, it fails every run."""
    (folder / name).mkdir(parents=True)
    (folder / name / f"{name}.xml").write_text("<fdm_config name='decoy'/>")
    return folder / name


def test_a_folder_in_the_current_folder_hides_no_aircraft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # from a folder holding c172p/ (or J3Cub/), find_aircraft('c172p') had returned it
    # ahead of --aircraft-dir, the project's aircraft and the bundled ones
    hangar = tmp_path / "hangar"
    shutil.copytree(jsbsim_root() / "aircraft" / "c172p", hangar / "mine")
    (hangar / "mine" / "c172p.xml").rename(hangar / "mine" / "mine.xml")
    work = tmp_path / "work"
    for name in ("c172p", "mine", "gen-c172"):
        _decoy(work, name)
    monkeypatch.chdir(work)
    assert find_aircraft("c172p").source == "bundled"
    assert find_aircraft("mine", aircraft_dirs=[hangar]).folder == hangar / "mine"
    assert find_aircraft("gen-c172").source == "project"
    # the current folder's aircraft is a path: ./c172p, its absolute path, its main file
    for given in ("./c172p", str(work / "c172p"), "c172p/c172p.xml", Path("c172p")):
        assert find_aircraft(given).folder == work / "c172p"
    # a name found nowhere else is not taken from the current folder either: the error
    # says how to give it
    _decoy(work, "onlyhere")
    with pytest.raises(NotFoundError) as caught:
        find_aircraft("onlyhere")
    assert "The current folder's onlyhere/ is not searched: give it as ./onlyhere" in str(
        caught.value
    )
    with Simulation("c172p", record=None) as sim:
        assert sim.aircraft.is_bundled


def test_a_script_s_aircraft_is_found_as_jsbsim_finds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flightsim.config.validator import validate
    from flightsim.paths import find_script_aircraft

    hangar = tmp_path / "hangar"
    shutil.copytree(jsbsim_root() / "aircraft" / "c172x", hangar / "c172x")
    monkeypatch.chdir(tmp_path)
    for name in ("c172x", "c172r"):  # c1723 flies c172x, c1721 c172r
        _decoy(tmp_path, name)
    # the script's aircraft had been the current folder's c172x: "no initialization file
    # 'reset00' in <cwd>/c172x", and validate's FS603
    with Simulation.from_script("c1723", record=None) as sim:
        assert sim.aircraft.folder == jsbsim_root() / "aircraft" / "c172x"
    with Simulation.from_script("c1723", aircraft_dirs=[hangar], record=None) as sim:
        assert sim.aircraft.folder == hangar / "c172x"
    script = jsbsim_root() / "scripts" / "c1721.xml"
    assert not [d for d in validate(script) if d.code == "FS603"]
    assert find_script_aircraft("c172x", [hangar]).source == "user"
    assert find_script_aircraft("c172r").source == "bundled"
    # as spelt (JSBSim looks for NAME/NAME.xml), and a name, never a path
    with pytest.raises(NotFoundError, match=r"unknown aircraft 'C172X'\. Did you mean: c172x"):
        find_script_aircraft("C172X")
    with pytest.raises(NotFoundError, match=r"a script names its aircraft .* not a path"):
        find_script_aircraft("hangar/c172x")


def test_a_folder_not_named_after_its_aircraft_file_names_that_file(tmp_path: Path) -> None:
    """FlightGear's folders hold e.g. dr400-jsbsim.xml: the error names the file to pass;
    other XML files (a system) and a FIFO (never opened: it would wait) are passed over."""
    from flightsim.config.validator import resolve_target

    folder = tmp_path / "dr400"
    folder.mkdir()
    shutil.copy(jsbsim_root() / "aircraft" / "c172p" / "c172p.xml", folder / "dr400-jsbsim.xml")
    (folder / "avionics.xml").write_text('<?xml version="1.0"?>\n<system name="a"/>\n')
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.xml")
    wanted = r"dr400 is a folder without an aircraft main file dr400.xml; it holds the "
    wanted += (
        rf"aircraft file\(s\) dr400-jsbsim.xml: pass one of them \({folder}/dr400-jsbsim.xml\)"
    )
    with pytest.raises(NotFoundError, match=wanted):
        find_aircraft(str(folder))
    with pytest.raises(NotFoundError, match=wanted):
        resolve_target(folder)
