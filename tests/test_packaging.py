# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Packaging without an Odoo tree: ./oc setup-odoo's refusals and the
requirements it gives pip, the wheels of ./oc wheels, the README.rst files,
the requirement files and the pre-commit hooks. The installs into a fresh
virtual environment are tests/test_install.py ("./oc install-test")."""

import ast
import email.parser
import glob
import importlib.machinery
import os
import re
import subprocess
import sys
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OC = os.path.join(ROOT, "oc")
ADDONS = ("order_entry_control", "order_tracking", "order_kpi")


def run_oc(*args):
    return subprocess.run(
        [sys.executable, OC, *args], capture_output=True, text=True, timeout=600
    )


def assert_one_line_refusal(done, text):
    assert done.returncode == 2, done.stdout + done.stderr
    refusal = done.stderr.strip().splitlines()
    assert len(refusal) == 1, done.stderr
    assert text in refusal[0], refusal[0]
    assert "Traceback" not in done.stdout + done.stderr


@pytest.fixture(scope="module")
def oc():
    return importlib.machinery.SourceFileLoader("oc_module", OC).load_module()


def manifest(addon):
    with open(os.path.join(ROOT, addon, "__manifest__.py"), encoding="utf-8") as f:
        return ast.literal_eval(f.read())


def fake_tree(path, version="18, 0", requirements="pytz\n"):
    """The three files ./oc setup-odoo reads of an Odoo tree, nothing else."""
    os.makedirs(os.path.join(path, "odoo"))
    with open(os.path.join(path, "odoo", "release.py"), "w") as handle:
        handle.write(
            "RELEASE_LEVELS = [ALPHA, BETA, RELEASE_CANDIDATE, FINAL] = "
            "['alpha', 'beta', 'candidate', 'final']\n"
            f"version_info = ({version}, 0, FINAL, 0)\n"
        )
    with open(os.path.join(path, "setup.py"), "w") as handle:
        handle.write("raise SystemExit('a fake tree is never installed')\n")
    with open(os.path.join(path, "requirements.txt"), "w") as handle:
        handle.write(requirements)
    return str(path)


# === ./oc setup-odoo === #


def test_setup_odoo_refuses_a_missing_folder(tmp_path):
    done = run_oc("setup-odoo", str(tmp_path / "nowhere"))
    assert_one_line_refusal(done, "is not a directory")


def test_setup_odoo_refuses_a_folder_that_is_not_an_odoo_tree(tmp_path):
    (tmp_path / "setup.py").write_text("")
    done = run_oc("setup-odoo", str(tmp_path))
    assert_one_line_refusal(done, "is not an Odoo source tree")
    assert "odoo/release.py" in done.stderr and "requirements.txt" in done.stderr


def test_setup_odoo_refuses_a_release_file_without_version(tmp_path):
    tree = fake_tree(tmp_path / "odoo18")
    with open(os.path.join(tree, "odoo", "release.py"), "w") as handle:
        handle.write("version = 'who knows'\n")
    done = run_oc("setup-odoo", tree)
    assert_one_line_refusal(done, "has no version_info")


@pytest.mark.parametrize(
    "version, shown", [("17, 0", "17.0"), ("'saas~18', 2", "saas~18.2")]
)
def test_setup_odoo_refuses_another_version(tmp_path, version, shown):
    tree = fake_tree(tmp_path / "odoo", version=version)
    done = run_oc("setup-odoo", tree)
    assert_one_line_refusal(done, f"is Odoo {shown}, not 18.0")


ODOO_LIKE_REQUIREMENTS = """\
# a comment line
cbor2==5.4.2 ; python_version < '3.12'
cbor2==5.6.2 ; python_version >= '3.12'
lxml==4.9.3 ; python_version > '3.10' and python_version < '3.12' # comment
lxml==5.2.1; python_version >= '3.12' # (Noble)
lxml-html-clean; python_version >= '3.12'
psycopg2==2.9.5 ; python_version == '3.11'
psycopg2==2.9.9 ; python_version >= '3.12'
pypiwin32 ; sys_platform == 'win32'
python-ldap==3.4.4 ; sys_platform != 'win32' and python_version >= '3.12'
pytz  # no version pinning
some-new-package==1.0 ; python_version >= '3.12'
"""


def test_setup_odoo_reads_odoo_requirements_as_on_python_312(oc, tmp_path):
    """The markers are read as on 3.12, the constraints file names the
    versions, python-ldap only when asked, psycopg2-binary without pg_config,
    Odoo's own pin for a package the constraints file does not know."""
    tree = fake_tree(tmp_path / "odoo", requirements=ODOO_LIKE_REQUIREMENTS)
    lines, notes = oc.odoo_pip_requirements(tree)
    assert lines == [
        "cbor2",
        "lxml",
        "lxml-html-clean",
        "psycopg2",
        "pytz",
        "some-new-package==1.0",
    ]
    assert "python-ldap skipped (--with-ldap installs it)" in notes
    assert any("some-new-package==1.0: Odoo's pin" in note for note in notes)
    lines, notes = oc.odoo_pip_requirements(tree, with_ldap=True, binary_psycopg2=True)
    assert "python-ldap" in lines and "psycopg2-binary" in lines
    assert "psycopg2" not in lines


def test_constraints_pin_every_package_exactly(oc):
    pins = oc.read_constraints()
    for name in ("cbor2", "psycopg2", "psycopg2-binary", "python-ldap", "lxml"):
        assert name in pins
    for line in pins.values():
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", line), line
    # the pins that made this command: no cbor2 that needs pkg_resources
    assert pins["cbor2"] == "cbor2==5.6.2"


# === ./oc wheels === #


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    done = run_oc("wheels", "--dist", str(dist))
    assert done.returncode == 0, done.stdout + done.stderr
    return {
        os.path.basename(path).split("-")[0]: path
        for path in glob.glob(str(dist / "*.whl"))
    }


def wheel_metadata(path):
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(archive.read(name).decode()), (
            archive.namelist()
        )


def test_wheels_one_per_addon_and_the_metapackage(wheels):
    assert sorted(wheels) == sorted(
        [f"odoo_addon_{addon}" for addon in ADDONS] + ["odoo_addons_order_control"]
    )


@pytest.mark.parametrize(
    "addon, depends",
    [
        ("order_entry_control", ["chinese-calendar", "cn2an"]),
        ("order_tracking", ["odoo-addon-order_entry_control==18.0.*"]),
        ("order_kpi", ["odoo-addon-order_tracking==18.0.*"]),
    ],
)
def test_wheel_of_an_addon(wheels, addon, depends):
    """Versioned from the manifest, the addons it depends on as requirements
    (Odoo's own addons come with Odoo), the README.rst as description, the
    addon's files under odoo/addons/."""
    metadata, names = wheel_metadata(wheels[f"odoo_addon_{addon}"])
    version = manifest(addon)["version"]
    assert metadata["Version"] == version or metadata["Version"].startswith(
        version + "."
    ), metadata["Version"]
    requires = metadata.get_all("Requires-Dist")
    assert sorted(requires) == sorted(depends + ["odoo==18.0.*"])
    assert "Development Status :: 4 - Beta" in metadata.get_all("Classifier")
    assert metadata["Description-Content-Type"] == "text/x-rst"
    assert manifest(addon)["name"] in metadata.get_payload()
    assert f"odoo/addons/{addon}/__manifest__.py" in names
    assert f"odoo/addons/{addon}/README.rst" in names
    assert not any("/tests/" in n and n.endswith(".pyc") for n in names)


def test_metapackage_requires_the_three_addons(wheels):
    metadata, _names = wheel_metadata(wheels["odoo_addons_order_control"])
    assert sorted(metadata.get_all("Requires-Dist")) == sorted(
        f"odoo-addon-{addon.replace('_', '-')}==18.0.*" for addon in ADDONS
    )


# === repository files === #


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_says_maturity_and_maintainers(addon):
    data = manifest(addon)
    assert data["development_status"] in (
        "Alpha",
        "Beta",
        "Production/Stable",
        "Mature",
    )
    assert data["maintainers"] and all(isinstance(m, str) for m in data["maintainers"])
    assert data["license"] == "LGPL-3"


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_rst_is_generated_and_valid(oc, addon):
    """README.rst is what readme/ and the manifest give, and docutils reads it
    without a warning (Odoo renders it on the Apps page)."""
    import docutils.core

    tool = oc.readme_tool()
    path = os.path.join(ROOT, addon, "README.rst")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert text == tool.render(os.path.join(ROOT, addon)), "run ./oc readme"
    for fragment in ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md"):
        assert os.path.exists(os.path.join(ROOT, addon, "readme", fragment))
    docutils.core.publish_string(
        text,
        writer_name="html",
        settings_overrides={"halt_level": 2, "report_level": 2, "warning_stream": ""},
    )


def test_markdown_to_rst(oc):
    tool = oc.readme_tool()
    rst = tool.markdown_to_rst(
        "order_kpi",
        "## Flow\n\nSee `order.kpi.fact` and [Odoo](https://odoo.com).\n\n"
        "![A scorecard](../static/description/scorecard.png)\n",
    )
    assert rst == [
        "Flow",
        "~~~~",
        "",
        "",
        "See ``order.kpi.fact`` and `Odoo <https://odoo.com>`__.",
        "",
        ".. image:: /order_kpi/static/description/scorecard.png",
        "   :alt: A scorecard",
    ]


def requirement_names(path):
    with open(path, encoding="utf-8") as handle:
        return [
            re.split(r"[=<>!~;\[ ]", line.strip(), maxsplit=1)[0].lower()
            for line in handle
            if line.strip() and not line.lstrip().startswith("#")
        ]


def test_requirements_are_the_manifests_external_dependencies():
    wanted = sorted(
        {
            name.lower()
            for addon in ADDONS
            for name in manifest(addon)
            .get("external_dependencies", {})
            .get("python", [])
        }
    )
    assert requirement_names(os.path.join(ROOT, "requirements.txt")) == wanted


def test_test_requirements_are_pinned_and_installed_by_the_commands(oc):
    names = requirement_names(os.path.join(ROOT, "test-requirements.txt"))
    for name in ("pytest-odoo", "ruff", "pylint-odoo", "whool"):
        assert name in names
    with open(os.path.join(ROOT, "test-requirements.txt"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                assert "==" in line, line


def test_license_is_lgpl3():
    with open(os.path.join(ROOT, "LICENSE"), encoding="utf-8") as handle:
        assert "GNU LESSER GENERAL PUBLIC LICENSE" in handle.read(200)
        handle.seek(0)
        assert "Version 3, 29 June 2007" in handle.read(300)


def test_pre_commit_runs_the_checks_of_oc_lint(oc):
    """Every hook is local and runs one check of ./oc lint; every check of
    ./oc lint has its hook: the two cannot disagree."""
    with open(os.path.join(ROOT, ".pre-commit-config.yaml"), encoding="utf-8") as f:
        text = f.read()
    assert re.findall(r"^\s*- repo: (\S+)", text, re.M) == ["local"]
    entries = re.findall(r"^\s*entry: (.+)$", text, re.M)
    only = []
    for entry in entries:
        match = re.fullmatch(r"\./oc lint --only ([a-z-]+)", entry.strip())
        assert match, entry
        only.append(match[1])
    assert sorted(only) == sorted(oc.LINT_CHECKS)
    assert text.count("language: system") == len(entries)


def test_lint_only_runs_one_check():
    done = run_oc("lint", "--only", "readme")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "lint: README.rst generated from readme/: ok" in done.stdout
    assert "1 passed, 0 failed" in done.stdout
