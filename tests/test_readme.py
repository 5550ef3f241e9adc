"""The README's example commands run as written, in a fresh data directory."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = "<!-- readme-test:"


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = text.split(MARKER, 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    return [c.strip() for c in re.sub(r"\\\n\s*", "", block).splitlines() if c.strip()]


def test_readme_try_it_block(tmp_path: Path) -> None:
    commands = readme_commands()
    assert commands[0] == "deskhand init --demo" and len(commands) >= 6
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "DESKHAND_HOME": str(tmp_path / "home"),
        "HF_HUB_OFFLINE": "1",
        "OPENAI_BASE_URL": os.environ.get("OPENAI_BASE_URL", "http://127.0.0.1:9/v1"),
    }
    outputs = []
    for command in commands:
        done = subprocess.run(
            ["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        outputs.append(done.stdout)
    joined = "\n".join(outputs)
    assert "needs your confirmation" in joined and "deskhand confirm act_" in joined
    assert "✓ done" in joined
    assert "create_task" in outputs[-1] and "log_activity" in outputs[-1]
