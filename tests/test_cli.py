"""The `deskhand` command as scripts, docs and external checks use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app

PRIYA = "priya@northwind.example"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the demo company, made by the real command."""
    path = tmp_path_factory.mktemp("cli-home")
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "init", "--demo", "--as-of", "2026-11-25"],
        env={"DESKHAND_HOME": str(path), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Loaded Northwind Cloud" in done.stdout
    return path


@pytest.fixture
def cli(home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("DESKHAND_HOME", str(home))
    runner = CliRunner()

    def run(*args: str, script: list | None = None, code: int = 0) -> str:
        if script is not None:
            path = tmp_path / f"script{len(list(tmp_path.iterdir()))}.json"
            path.write_text(json.dumps(script))
            monkeypatch.setenv("DESKHAND_MODEL", f"scripted:{path}")
        result = runner.invoke(app, list(args))
        assert result.exit_code == code, result.output
        return result.stdout

    return run


def test_init_twice_keeps_data(cli):
    out = cli("init", "--demo")
    assert "already holds data; keeping it" in out


def test_users_json(cli):
    users = {u["email"]: u for u in json.loads(cli("users", "--json"))}
    assert users[PRIYA]["role"] == "rep" and users[PRIYA]["team"] == "East"
    assert users["marcus@northwind.example"]["role"] == "manager"
    assert users["sofia@northwind.example"]["role"] == "support"
    assert users["admin@northwind.example"]["role"] == "admin"


def test_tools_json_per_role(cli):
    rep = {t["name"]: t for t in json.loads(cli("tools", "--as", PRIYA, "--json"))}
    customer = {t["name"] for t in json.loads(cli("tools", "--as", "dana@acme.example", "--json"))}
    assert {"move_deal_stage", "log_activity", "pipeline_summary"} <= rep.keys()
    assert rep["move_deal_stage"]["parameters"]["properties"]["stage"]["enum"][-1] == "closed_lost"
    assert customer == {
        "find_contacts",
        "find_cases",
        "search_interactions",
        "open_case",
        "comment_on_case",
        "search_knowledge",
    }
    for tool in rep.values():
        assert (
            not {"user", "role", "runtime", "principal"} & tool["parameters"]["properties"].keys()
        )


def test_unknown_identity_is_a_clear_error(cli):
    result = CliRunner().invoke(app, ["tools", "--as", "mallory@evil.example"])
    assert result.exit_code == 1
    assert "No active user or portal contact" in result.stderr
    assert "deskhand users" in result.stderr


def test_ask_json_then_confirm(cli):
    steps = [
        {
            "tool": "create_task",
            "args": {"title": "Send revised quote to Dana", "due": "Friday", "contact": "Dana"},
        },
        {"say": "I proposed the task; confirm to create it."},
    ]
    turn = json.loads(
        cli(
            "ask",
            "--as",
            PRIYA,
            "--json",
            "remind me to send Dana the quote by Friday",
            script=steps,
        )
    )
    assert set(turn) >= {"answer", "tool_calls", "pending_actions", "thread", "citations"}
    action = turn["pending_actions"][0]
    assert action["tool"] == "create_task" and "due Fri " in action["preview"]
    first = turn["tool_calls"][0]
    assert (first["name"], first["args"], first["ok"]) == ("create_task", steps[0]["args"], True)
    other = CliRunner().invoke(app, ["confirm", action["id"], "--as", "tom@northwind.example"])
    assert other.exit_code == 1 and "No pending action" in other.stderr
    done = json.loads(cli("confirm", action["id"], "--as", PRIYA, "--json"))
    assert done["status"] == "executed"
    audit = json.loads(cli("audit", "--since", "1h", "--json"))
    assert audit[-1]["tool"] == "create_task" and audit[-1]["action_id"] == action["id"]
    assert audit[-1]["on_behalf_of"] == PRIYA and audit[-1]["channel"] == "cli"


def test_ask_yes_executes(cli):
    steps = [
        {
            "tool": "log_activity",
            "args": {"type": "call", "contact": "Bill Lumbergh", "summary": "Order form sent"},
        },
        {"say": "Logged once you confirm."},
    ]
    turn = json.loads(
        cli("ask", "--as", PRIYA, "--yes", "--json", "log a call with Bill", script=steps)
    )
    assert turn["pending_actions"][0]["status"] == "executed"
    overview = json.loads(cli("show", "account", "Initech", "--json"))
    assert overview["activities"][-1]["summary"] == "Order form sent"


def test_show_account_json_contract(cli):
    acme = json.loads(cli("show", "account", "Acme Corp", "--json"))
    assert acme["name"] == "Acme Corp"
    assert {"contacts", "deals", "cases", "tasks", "activities"} <= acme.keys()
    deal = next(d for d in acme["deals"] if d["name"] == "Acme renewal 2027")
    assert {"id", "name", "stage", "amount"} <= deal.keys() and deal["stage"] == "proposal"
    case = next(c for c in acme["cases"] if c["subject"] == "SSO login fails after upgrade")
    assert (case["status"], case["priority"], case["escalations"]) == ("open", "high", 0)
    times = [a["occurred_at"] for a in acme["activities"]]
    assert times == sorted(times)


def test_show_account_unknown(cli):
    result = CliRunner().invoke(app, ["show", "account", "No Such Co"])
    assert result.exit_code == 1 and "No account matching 'No Such Co'" in result.stderr


def test_ask_uses_the_builtin_engine_by_default(cli, monkeypatch):
    monkeypatch.delenv("DESKHAND_MODEL", raising=False)
    turn = json.loads(cli("ask", "--as", PRIYA, "--json", "brief me on initech"))
    assert [c["name"] for c in turn["tool_calls"]] == ["account_overview"]
    assert "Bill Lumbergh" in turn["answer"]


def test_commands_before_init_say_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("DESKHAND_HOME", str(tmp_path / "fresh"))
    result = CliRunner().invoke(app, ["users"])
    assert result.exit_code == 1 and "deskhand init" in result.stderr


def test_help_explains(cli):
    text = CliRunner().invoke(app, ["--help"]).stdout
    for command in ("init", "users", "tools", "ask", "chat", "confirm", "show", "audit"):
        assert command in text
