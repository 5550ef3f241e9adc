"""`deskhand chat` in a real terminal session: answers stream, proposals ask for a y/N."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_readme import ROOT


def run_chat(tmp_path: Path, script: list, keys: str, *, model: bool = True):
    home = tmp_path / "home"
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "DESKHAND_HOME": str(home),
        "HF_HUB_OFFLINE": "1",
        "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
    }
    subprocess.run(
        ["deskhand", "init", "--demo"], env=env, check=True, capture_output=True, timeout=120
    )
    if model:
        path = tmp_path / "script.json"
        path.write_text(json.dumps(script))
        env["DESKHAND_MODEL"] = f"scripted:{path}"
    chat = subprocess.run(
        ["deskhand", "chat", "--as", "priya@northwind.example"],
        cwd=ROOT,
        env=env,
        input=keys,
        capture_output=True,
        text=True,
        timeout=120,
    )
    audit = subprocess.run(
        ["deskhand", "audit", "--json"], env=env, capture_output=True, text=True, timeout=60
    )
    return chat, json.loads(audit.stdout)


def test_chat_confirms_and_cancels(tmp_path: Path) -> None:
    script = [
        {"tool": "move_deal_stage", "args": {"deal": "Acme renewal 2027", "stage": "negotiation"}},
        {"say": "Proposed moving Acme renewal 2027 to negotiation."},
        {"tool": "create_task", "args": {"title": "Call Bill", "contact": "Bill Lumbergh"}},
        {"say": "Proposed a task to call Bill."},
    ]
    chat, audit = run_chat(
        tmp_path, script, "move acme renewal to negotiation\ny\nremind me to call bill\nn\n/exit\n"
    )
    assert chat.returncode == 0, chat.stderr
    assert "Proposed moving Acme renewal 2027 to negotiation." in chat.stdout
    assert "Moved 'Acme renewal 2027' from proposal to negotiation." in chat.stdout
    assert "cancelled; nothing was changed" in chat.stdout
    assert [a["tool"] for a in audit] == ["move_deal_stage"]


def test_chat_on_the_builtin_engine(tmp_path: Path) -> None:
    chat, audit = run_chat(
        tmp_path, [], "hello\nmove the acme renewal to negotiation\ny\n/exit\n", model=False
    )
    assert chat.returncode == 0, chat.stderr
    assert "built-in request engine" in chat.stdout
    assert "Moved 'Acme renewal 2027' from proposal to negotiation." in chat.stdout
    assert [a["tool"] for a in audit] == ["move_deal_stage"]
