"""`pip install .` from the repository's root: builds the Python package of python/, whose
setup.py has the whole build (this file only runs it from here)."""

import runpy

runpy.run_path("python/setup.py", run_name="__main__")
