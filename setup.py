"""The build step that ships the annotation guidelines inside the package.

``docs/guidelines.md`` is the one source of the guidelines (edited with the rest of the docs); a
wheel carries a copy as ``annotator/docs/guidelines.md`` so that ``g`` in an installed app shows
them. Everything else about the package is in ``pyproject.toml``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

GUIDELINES = Path("docs") / "guidelines.md"


class BuildWithGuidelines(build_py):
    """``build_py`` that also copies docs/guidelines.md into the built package."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "annotator" / "docs" / "guidelines.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(GUIDELINES, target)


setup(cmdclass={"build_py": BuildWithGuidelines})
