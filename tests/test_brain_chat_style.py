"""The request engine on requests written the way people type in chat."""

from __future__ import annotations

import pytest

from assistant.brain.shorthand import expand
from assistant.crm.enums import Channel
from evals.brain.run import NOW
from tools.context import ToolContext

PRIYA = "priya@northwind.example"
SOFIA = "sofia@northwind.example"
DANA = "dana@acme.example"


@pytest.fixture
def plan(brain, demo, who):
    def run(email: str, text: str):
        ctx = ToolContext(store=demo, principal=who(email), channel=Channel.CLI, clock=NOW)
        return brain.plan_for(ctx, text, [])

    return run


def test_shorthand_is_spelled_out_but_names_stay():
    assert expand("fu w dana tmrw pls") == "follow up with dana tomorrow please"
    assert expand("any tix for acme?") == "any tickets for acme?"
    assert expand("bump case 10002 and #10003") == "bump CS-10002 and CS-10003"
    assert expand("call u tmrw", keep={"u"}) == "call u tomorrow"
    assert expand("10002 to urgent", case_numbers={"10002"}) == "CS-10002 to urgent"
    assert expand("bump it to 10002 usd", case_numbers={"10002"}) == "bump it to 10002 usd"


def test_possessive_names_resolve(plan):
    result = plan(PRIYA, "whats dana's email")
    assert result.calls == [{"name": "find_contacts", "args": {"query": "Dana Ruiz"}}]


def test_bare_case_number_and_terse_priority_change(plan):
    result = plan(SOFIA, "10001 -> urgent pls")
    assert result.calls == [
        {"name": "update_case", "args": {"case": "CS-10001", "priority": "urgent"}}
    ]


def test_a_case_the_caller_cannot_see_is_not_looked_up(plan):
    result = plan(DANA, "whats the status of CS-10002")
    assert result.calls == [] and "can't find case CS-10002" in result.say


def test_customer_asking_to_escalate_adds_a_comment(plan):
    result = plan(DANA, "CS-10001 still broken, pls add that 40 users are locked out")
    assert [c["name"] for c in result.calls] == ["comment_on_case"]
    assert "40 users are locked out" in result.calls[0]["args"]["text"]


def test_resolution_said_before_the_command(plan):
    result = plan(SOFIA, "CS-10001 the new certificate fixed it for everyone, resolve it")
    [call] = result.calls
    assert call["name"] == "resolve_case" and "certificate" in call["args"]["resolution"]


def test_second_instruction_reuses_the_record_of_the_first(plan):
    result = plan(SOFIA, "set CS-10001 to pending and add a comment that dana will retest on fri")
    by_tool = {c["name"]: c["args"] for c in result.calls}
    assert by_tool["update_case"]["status"] == "pending"
    assert by_tool["comment_on_case"]["case"] == "CS-10001"


def test_summary_keeps_what_was_said_before_the_comma(plan):
    result = plan(PRIYA, "log mtg w dana yday demoed the audit logs, she liked the export")
    [call] = result.calls
    assert call["args"]["summary"].lower().startswith("demoed the audit logs")
    assert call["args"]["when"] == "2026-11-24" and call["args"]["type"] == "meeting"


@pytest.mark.parametrize("text", ["merge the acme deals into one", "whats the weather today"])
def test_out_of_scope_requests_are_declined(plan, text):
    result = plan(PRIYA, text)
    assert result.calls == [] and result.say


def test_a_shared_first_name_is_settled_by_the_company_named(plan, demo):
    from sqlalchemy import select

    from assistant.crm.models import Contact

    with demo.write() as s:
        initech = s.scalar(
            select(Contact.account_id).where(Contact.email == "bill@initech.example")
        )
        s.add(
            Contact(account_id=initech, first_name="Dana", last_name="Smith", email="ds@i.example")
        )
    result = plan(PRIYA, "call w dana at initech, she wants the sso guide")
    assert result.calls[0]["args"]["contact"] == "Dana Smith"
    assert "Dana Ruiz" in plan(PRIYA, "call w dana, she wants the sso guide").say


def test_dictated_numbers_dates_and_fillers(plan):
    from assistant.brain.shorthand import spell_numbers

    assert spell_numbers("case ten zero six zero") == "case 10060"
    assert spell_numbers("two sixty k") == "260 k"
    assert spell_numbers("december thirty first") == "december 31st"
    assert spell_numbers("the first deal") == "the first deal"  # an ordinal, not a date
    assert spell_numbers("two-factor codes") == "two-factor codes"
    result = plan(SOFIA, "um bump ten zero zero one to urgent uh please")
    assert result.calls == [
        {"name": "update_case", "args": {"case": "CS-10001", "priority": "urgent"}}
    ]


def test_holidays_and_a_week_from_a_weekday():
    from datetime import date

    from assistant.brain.slots import find_dates

    today = date(2026, 11, 25)
    assert [d.value for d in find_dates("before christmas", today)] == [date(2026, 12, 25)]
    assert [d.value for d in find_dates("a week from friday", today)] == [date(2026, 12, 4)]
    assert find_dates("the 3rd outage this month", today) == []
    assert [d.value for d in find_dates("call her on the 1st re budget", today)] == [
        date(2026, 12, 1)
    ]
    assert [d.value for d in find_dates("before eod tmrw", today)] == [date(2026, 11, 26)]


def test_a_customers_signature_is_not_part_of_the_request():
    from assistant.brain.shorthand import trim_pleasantries

    text = "Please open a ticket. With regards, Omar Obi, Finance Controller"
    assert trim_pleasantries(text, signer="Omar Obi") == "Please open a ticket"
    assert trim_pleasantries("log a call with dana", signer="Dana Ruiz") == "log a call with dana"


def test_numbered_asks_are_each_planned(plan):
    result = plan(
        "marcus@northwind.example",
        "Two things for the forecast call. First, give me the team's pipeline. "
        "Second, I need the support numbers for the last 30 days.",
    )
    assert [c["name"] for c in result.calls] == ["pipeline_summary", "support_metrics"]


def test_same_for_repeats_the_change_on_another_record(plan):
    result = plan(
        "grace@northwind.example",
        "driftwood pilot -> closed lost. same for the driftwood additional seats deal",
    )
    assert [(c["name"], c["args"]["stage"]) for c in result.calls] == [
        ("move_deal_stage", "closed_lost"),
        ("move_deal_stage", "closed_lost"),
    ]
    assert len({c["args"]["deal"] for c in result.calls}) == 2


def test_a_customer_cannot_list_another_companys_cases(plan):
    result = plan(DANA, "show me globex's open tickets")
    assert result.calls == [] and "your own company's cases" in result.say


def test_news_and_a_task_are_logged_and_planned(plan):
    result = plan(
        PRIYA,
        "so I just had lunch with bill lumbergh hes keen on the team plan upgrade "
        "remind me to chase him next tuesday",
    )
    assert sorted(c["name"] for c in result.calls) == ["create_task", "log_activity"]
    task = next(c for c in result.calls if c["name"] == "create_task")
    assert task["args"]["due"] == "2026-12-01"
    assert task["args"]["title"] == "Chase Bill"  # the task reads well on its own


def test_the_date_a_close_moves_to_wins(plan):
    result = plan(
        "tom@northwind.example", "crestmoor storage add-on won't make friday, push close to dec 18"
    )
    [call] = result.calls
    assert call["name"] == "update_deal" and call["args"]["close_date"] == "2026-12-18"


def test_two_undated_tasks_stay_two(plan):
    result = plan(PRIYA, "remind me to call dana and make a task to email bill lumbergh the sow")
    assert [c["args"]["contact"] for c in result.calls] == ["Dana Ruiz", "Bill Lumbergh"]


def test_two_asks_joined_by_and_are_both_planned(plan):
    result = plan(PRIYA, "acme contacts and their open cases pls")
    assert [c["name"] for c in result.calls] == ["find_contacts", "find_cases"]
    assert {c["args"]["account"] for c in result.calls} == {"Acme Corp"}


def test_a_remark_after_and_is_not_a_second_ask(plan):
    result = plan(PRIYA, "escalate 10001 and the renewal is at risk")
    [call] = result.calls
    assert call["name"] == "escalate_case" and call["args"]["reason"] == "The renewal is at risk"


def test_a_deal_the_caller_cannot_see_is_looked_up_as_said(plan):
    result = plan(PRIYA, "whats the status of the globex expansion")
    assert result.calls == [{"name": "find_deals", "args": {"query": "globex expansion"}}]


def test_news_then_a_change_logs_the_news_and_plans_the_change(plan):
    result = plan(
        PRIYA, "peter emailed, they want 5 more seats on the team plan upgrade so bump it to 12k"
    )
    log, update = result.calls
    assert (log["name"], log["args"]["type"], log["args"]["contact"]) == (
        "log_activity",
        "email",
        "Peter Gibbons",
    )
    assert "5 more seats" in log["args"]["summary"]
    assert (update["name"], update["args"]["amount"]) == ("update_deal", 12000.0)


def test_news_that_is_a_cases_story_is_not_logged_as_well(plan):
    result = plan(PRIYA, "dana called, sso is broken again. open a high priority case for her")
    assert [c["name"] for c in result.calls] == ["open_case"]


def test_a_task_for_it_says_what_it_is_and_takes_its_own_date(plan):
    result = plan(
        PRIYA,
        "just got off the phone w dana, she wants the renewal quote broken out by site. "
        "remind me to send it thurs",
    )
    task = next(c for c in result.calls if c["name"] == "create_task")
    assert task["args"]["title"] == "Send the renewal quote"
    assert task["args"]["due"] == "2026-11-26"
    result = plan(PRIYA, "meeting tmrw w dana, remind me to prep the pricing sheet today")
    assert result.calls[-1]["args"]["due"] == "2026-11-25"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("had a zoom with dana about the renewal", "meeting"),
        ("sat down w dana today, renewal looks good", "meeting"),
        ("dana slacked me, the PO is approved", "chat"),
    ],
)
def test_how_people_name_meetings_and_chats(plan, text, kind):
    [call] = plan(PRIYA, text).calls
    assert (call["name"], call["args"]["type"]) == ("log_activity", kind)


def test_an_ask_run_on_after_the_news_without_punctuation(plan):
    result = plan(PRIYA, "emailed dana the revised pricing she wants a call fri set me a task")
    assert [c["name"] for c in result.calls] == ["log_activity", "create_task"]
    assert result.calls[1]["args"]["due"] == "2026-11-27"


def test_words_that_name_things_do_not_split_a_request(plan):
    result = plan(PRIYA, "new opp for initech sso add on 18k close end of q1")
    assert [c["name"] for c in result.calls] == ["create_deal"]


def test_a_case_state_then_a_note_after_a_comma_are_both_planned(plan):
    result = plan(SOFIA, "10001 pending, comment to dana asking for a screenshot of the login page")
    assert [c["name"] for c in result.calls] == ["update_case", "comment_on_case"]
    assert result.calls[0]["args"]["status"] == "pending"


def test_a_customer_asking_for_a_person_gets_the_handover_article(plan):
    [call] = plan(DANA, "i need to talk to a real human not a bot").calls
    assert call["name"] == "search_knowledge"


@pytest.mark.parametrize(
    "text",
    [
        "move acme renewal to negotiation dana agreed to terms on the call just now, log it too",
        "acme renewal to negotiation dana agreed to terms add a note too",
    ],
)
def test_a_stage_said_up_front_is_moved_as_well_as_logged(plan, text):
    move, log = plan(PRIYA, text).calls
    assert move == {
        "name": "move_deal_stage",
        "args": {"deal": "Acme renewal 2027", "stage": "negotiation"},
    }
    assert log["name"] == "log_activity" and "terms" in log["args"]["summary"]
    assert "negotiation" not in log["args"]["summary"]


def test_a_note_on_a_case_is_not_an_activity_to_log(plan):
    result = plan(SOFIA, "resolve 10001 the new cert fixed it, add a note too")
    assert "log_activity" not in [c["name"] for c in result.calls]


@pytest.mark.parametrize(
    "text", ["do it", "update the priority", "can you update it", "do the thing we talked abt"]
)
def test_a_bare_instruction_with_nothing_to_act_on_is_asked_back(plan, text):
    result = plan(PRIYA, text)
    assert result.calls == [] and "which record" in result.say


def test_remind_me_alone_asks_what_and_when(plan):
    result = plan(PRIYA, "remind me")
    assert result.calls == [] and result.say == "What should I remind you about, and when?"


@pytest.mark.parametrize(
    "text", ["write a haiku about q4", "any good restaurants in lima", "what should i get my wife"]
)
def test_off_topic_asks_are_declined_not_looked_up(plan, text):
    result = plan(PRIYA, text)
    assert result.calls == [] and result.say.startswith("I can't do that.")


def test_a_customer_asking_how_fix_gets_the_knowledge_base(plan):
    [call] = plan(DANA, "sso login loops back to the start page how fix").calls
    assert call["name"] == "search_knowledge"


def test_news_then_open_a_case_and_log_the_call_does_both(plan):
    log, case = plan(
        SOFIA, "dana from acme called sso fails for all users, open high case and log the call"
    ).calls
    assert (log["name"], log["args"]["type"]) == ("log_activity", "call")
    assert case["name"] == "open_case" and case["args"]["priority"] == "high"
    assert case["args"]["subject"] == "Sso fails for all users"


@pytest.mark.parametrize(
    "text",
    [
        "any notes from the last meeting with acme about sso",
        "did we ever promise acme a date for the sso fix",
        "whats our history w acme on sso",
        "search past interactions for the sso loop, how did we fix it before",
    ],
)
def test_asks_about_what_was_said_search_the_interactions(plan, text):
    assert [c["name"] for c in plan(PRIYA, text).calls] == ["search_interactions"]


@pytest.mark.parametrize(
    ("text", "due", "title"),
    [
        ("eom task: get dana to countersign the form", "2026-11-30", "Get dana to countersign"),
        ("need a task for 12/15 to check in w dana on budget", "2026-12-15", "Check in with dana"),
        ("thurs: send acme the corrected invoice", "2026-11-26", "Send acme the corrected invoice"),
        ("12/1 reminder: send dana the proposal", "2026-12-01", "Send dana the proposal"),
    ],
)
def test_a_dated_label_makes_a_task(plan, text, due, title):
    [call] = plan(PRIYA, text).calls
    assert call["name"] == "create_task" and call["args"]["due"] == due
    assert call["args"]["title"].startswith(title)


def test_a_customer_naming_their_case_by_topic_adds_to_it(plan):
    [call] = plan(DANA, "for the sso one, it only happens when we log in from safari").calls
    assert call["name"] == "comment_on_case" and call["args"]["case"] == "CS-10001"
    assert "safari" in call["args"]["text"]


def test_case_topics_match_the_way_people_name_them():
    from assistant.brain.gazetteer import topic_stems

    assert topic_stems({"double", "charge"}) >= topic_stems({"charged", "twice"})
    assert topic_stems({"slow", "upload"}) == topic_stems({"slow", "uploads"})
    assert topic_stems({"lockout"}) <= topic_stems({"admin", "locked", "out"})


def test_the_story_before_log_it_and_escalate_is_the_reason(plan):
    log, escalation = plan(
        PRIYA, "dana just called, the auditors are on her back over sso. log it and escalate 10001"
    ).calls
    assert log["name"] == "log_activity" and escalation["name"] == "escalate_case"
    assert "auditors" in escalation["args"]["reason"]


def test_the_stage_it_moves_to_wins_over_the_one_it_leaves(plan):
    [move] = plan(PRIYA, "acme renewal - negotiation done! move to closed won").calls
    assert move["args"]["stage"] == "closed_won"


def test_a_new_date_and_a_new_amount_in_one_breath(plan):
    [call] = plan(PRIYA, "acme renewal is past due.. push it to jan 31 and drop to 90k").calls
    assert call["args"]["close_date"] == "2027-01-31" and call["args"]["amount"] == 90000


def test_a_support_agent_telling_the_customer_after_a_case_arrow(plan):
    [call] = plan(SOFIA, "10001 -> tell dana the fix needs the new cert signed first").calls
    assert call["name"] == "comment_on_case" and call["args"]["text"].startswith("Tell dana")


def test_anything_from_a_person_about_a_topic_searches_what_was_said(plan):
    [call] = plan(PRIYA, "acme - anything from dana lately about the sso loop?").calls
    assert call["name"] == "search_interactions"
    assert call["args"]["query"] == "the sso loop" and call["args"]["account"] == "Acme Corp"


@pytest.mark.parametrize(
    "text",
    ["acme account rundown pls, big conversation w dana tmrw", "acme - run me through the account"],
)
def test_account_rundowns(plan, text):
    assert plan(PRIYA, text).calls == [
        {"name": "account_overview", "args": {"account": "Acme Corp"}}
    ]


def test_two_accounts_get_an_overview_each(plan):
    calls = plan(PRIYA, "status on acme and initech").calls
    assert [c["args"]["account"] for c in calls] == ["Acme Corp", "Initech"]


def test_a_customer_asks_about_their_case_then_adds_to_it(plan):
    find, comment = plan(
        DANA,
        "whats the status of our sso case? and add to it that finance needs it before month end",
    ).calls
    assert find["name"] == "find_cases"
    assert comment == {
        "name": "comment_on_case",
        "args": {"case": "CS-10001", "text": "Finance needs it before month end"},
    }


@pytest.mark.parametrize(
    "text",
    [
        "still broken in chrome. add that to our case pls. and is there another way to log in",
        "any update on the sso case? and how long do refunds usually take",
    ],
)
def test_a_how_to_question_after_a_case_ask_is_looked_up_too(plan, text):
    calls = plan(DANA, text).calls
    assert calls[-1]["name"] == "search_knowledge" and len(calls) == 2
    assert not calls[-1]["args"]["query"].startswith("and")


def test_plurals_are_not_taken_for_typos():
    from assistant.brain.text import fix_typos

    assert fix_typos("its breaking our appointment reminders", keep=set()).endswith("reminders")


def test_the_task_the_news_implies_and_the_task_asked_for_are_one(plan):
    log, task = plan(
        PRIYA,
        "dana asked for the soc 2 report on the call today, log that and remind me fri to send it",
    ).calls
    assert log["name"] == "log_activity" and task["name"] == "create_task"
    assert task["args"]["due"] == "2026-11-27" and "report" in task["args"]["title"].lower()


def test_find_one_is_the_thing_asked_for(plan):
    _, task = plan(
        PRIYA,
        "dana emailed asking for a reference customer. log it and task me to find one",
    ).calls
    assert task["args"]["title"] == "Find a reference customer"


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("which deals are slipping", "pipeline_summary"),
        ("acme whats new ther", "account_overview"),
        ("acme anything still open", "find_cases"),
        ("anything in history about acme and e-4012", "search_interactions"),
        ("anyone else seeing e-5003 after rotating the webhook secret", "search_interactions"),
        ("how do customers reset their password", "search_knowledge"),
    ],
)
def test_more_ways_people_ask(plan, text, tool):
    assert [c["name"] for c in plan(PRIYA, text).calls] == [tool]


def test_a_customer_asking_about_refund_policy_is_answered_not_refused(plan):
    [call] = plan(DANA, "can we get a refund if we cancel mid year?").calls
    assert call["name"] == "search_knowledge"


def test_tell_the_customer_then_resolve_it_uses_what_they_were_told(plan):
    comment, resolution = plan(
        SOFIA, "tell dana on 10001 we rotated the saml cert and resolve it"
    ).calls
    assert comment["name"] == "comment_on_case"
    assert resolution["args"]["resolution"] == "We rotated the saml cert"


def test_taking_a_case_and_setting_it_open(plan):
    [call] = plan(SOFIA, "taking cs-10001 acme sso set it open + urgent").calls
    assert call["name"] == "update_case"
    assert call["args"] == {"case": "CS-10001", "status": "open", "priority": "urgent"}


@pytest.mark.parametrize(
    ("text", "tasks"),
    [
        ("log call w dana, she wants a revised quote by fri", 1),
        ("log call w dana, acme wants the renewal signed by dec 20", 0),
        ("log call w dana, she needs it for their board meeting on the 10th", 0),
    ],
)
def test_a_task_is_implied_only_by_something_to_deliver(plan, text, tasks):
    calls = plan(PRIYA, text).calls
    assert [c["name"] for c in calls] == ["log_activity"] + ["create_task"] * tasks


def test_call_notes_then_move_it_logs_the_call_and_moves_the_deal(plan):
    text = "call w dana went great, ready to sign the renewal, move it to won"
    log, move = plan(PRIYA, text).calls
    assert log["name"] == "log_activity" and "ready to sign" in log["args"]["summary"]
    assert move == {
        "name": "move_deal_stage",
        "args": {"deal": "Acme renewal 2027", "stage": "closed_won"},
    }


def test_news_with_a_new_amount_then_update_the_deal_too(plan):
    log, update = plan(
        PRIYA, "had a zoom with dana, the renewal is back on but smaller ~30k. update the deal too"
    ).calls
    assert log["name"] == "log_activity"
    assert update["args"] == {"deal": "Acme renewal 2027", "amount": 30000.0}


@pytest.mark.parametrize(
    "text", ["whats the status of CS-10001 and resolve it", "mark CS-10001 urgent, then resolve it"]
)
def test_an_earlier_ask_is_not_taken_for_the_resolution(plan, text):
    result = plan(SOFIA, text)
    assert "resolve_case" not in [c["name"] for c in result.calls]
    assert result.say == "What fixed CS-10001? I'll add it as the resolution."


def test_a_problem_that_only_sounds_reported_keeps_its_subject(plan):
    [call] = plan(SOFIA, "open a case for acme: the sync job wrote duplicate rows").calls
    assert call["args"]["subject"] == "The sync job wrote duplicate rows"


@pytest.mark.parametrize(
    ("text", "not_tool"),
    [
        ("update on the sso ticket?", "comment_on_case"),
        ("set new owner on the globex deal to sofia", "update_case"),
    ],
)
def test_status_questions_and_deal_owners_are_not_case_changes(plan, text, not_tool):
    assert not_tool not in [c["name"] for c in plan(PRIYA, text).calls]


def test_restaurants_as_an_industry_is_not_off_topic(plan):
    assert not plan(PRIYA, "find restaurants accounts").say
