import subprocess
import sys


def test_import_pulls_in_no_web_framework():
    code = (
        "import sys, ideabox.clustering; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'flask_sqlalchemy')); "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, f"importing ideabox.clustering pulled in: {done.stdout or done.stderr}"
