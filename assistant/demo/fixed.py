"""Records that are always in the demo, because the README, docs and checks use them."""

from __future__ import annotations

TEAMS = ("East", "West")

# (name, email, role, team)
USERS = (
    ("Priya Shah", "priya@northwind.example", "rep", "East"),
    ("Tom Becker", "tom@northwind.example", "rep", "West"),
    ("Marcus Lee", "marcus@northwind.example", "manager", "East"),
    ("Sofia Alvarez", "sofia@northwind.example", "support", None),
    ("Ada Admin", "admin@northwind.example", "admin", None),
    ("Luis Moreno", "luis@northwind.example", "rep", "East"),
    ("Mei Chen", "mei@northwind.example", "rep", "West"),
    ("Grace Okafor", "grace@northwind.example", "manager", "West"),
    ("Jonas Weber", "jonas@northwind.example", "support", None),
)
REPS = (
    "priya@northwind.example",
    "tom@northwind.example",
    "luis@northwind.example",
    "mei@northwind.example",
)
SUPPORT = ("sofia@northwind.example", "jonas@northwind.example")

# name, owner, industry, segment, size, region, domain
ACCOUNTS = (
    (
        "Acme Corp",
        "priya@northwind.example",
        "Manufacturing",
        "mid-market",
        850,
        "NA",
        "acme.example",
    ),
    ("Globex", "tom@northwind.example", "Energy", "enterprise", 4200, "NA", "globex.example"),
    ("Initech", "priya@northwind.example", "Software", "smb", 120, "NA", "initech.example"),
)

# first, last, email, title, account, portal access
CONTACTS = (
    ("Dana", "Ruiz", "dana@acme.example", "IT Director", "Acme Corp", True),
    ("Wile", "Coyote", "wile@acme.example", "Procurement Manager", "Acme Corp", False),
    ("Hank", "Scorpio", "hank@globex.example", "CEO", "Globex", True),
    ("Frank", "Grimes", "frank@globex.example", "Head of IT", "Globex", False),
    ("Bill", "Lumbergh", "bill@initech.example", "VP Operations", "Initech", False),
    ("Peter", "Gibbons", "peter@initech.example", "Software Engineer", "Initech", True),
)

# name, account, stage, amount, currency, close in days
DEALS = (
    ("Acme renewal 2027", "Acme Corp", "proposal", 48000, "USD", 36),
    ("Globex expansion", "Globex", "negotiation", 120000, "USD", 20),
    ("Initech Team plan upgrade", "Initech", "qualification", 9600, "USD", 75),
)

# subject, description, account, contact email, status, priority, days ago
CASES = (
    (
        "SSO login fails after upgrade",
        "Since the 5.2 upgrade our users cannot sign in through Okta; every attempt shows "
        "E-4012. We changed nothing on our side. This blocks about 300 people.",
        "Acme Corp",
        "dana@acme.example",
        "open",
        "high",
        3,
    ),
    (
        "Webhook deliveries timing out (E-5003)",
        "Our order webhooks to the ERP time out since Monday with E-5003; about 1 in 5 "
        "deliveries fails. Can you check on your side?",
        "Globex",
        "hank@globex.example",
        "open",
        "normal",
        6,
    ),
)

# (when, type, contact email, summary, outcome) for the fixed accounts; when is days ago,
# or "last week +N": N days after the Monday of last week
ACTIVITIES = (
    (
        80,
        "call",
        "dana@acme.example",
        "Kick-off for the 2027 renewal. Dana wants SSO issues "
        "fixed before she signs; budget approved around 48k.",
        "positive",
    ),
    (
        52,
        "email",
        "dana@acme.example",
        "Sent the renewal proposal for 2027 (Business plan, 300 seats).",
        "sent proposal",
    ),
    (
        30,
        "meeting",
        "wile@acme.example",
        "Procurement review with Wile: asks for a 10% "
        "multi-year discount and net-60 payment terms.",
        "needs follow-up",
    ),
    (
        9,
        "call",
        "dana@acme.example",
        "Dana is unhappy about the E-4012 SSO outage after the "
        "upgrade; renewal at risk until it is fixed.",
        "at risk",
    ),
    (
        4,
        "email",
        "dana@acme.example",
        "Dana asked for a revised quote with the SSO add-on bundled in.",
        "asked for revised quote",
    ),
    (
        45,
        "call",
        "hank@globex.example",
        "Hank wants to roll Northwind out to three more business units; expansion sized at 120k.",
        "positive",
    ),
    (
        25,
        "meeting",
        "frank@globex.example",
        "Security review workshop with Frank: SCIM and audit-log export were the open questions.",
        "needs follow-up",
    ),
    (
        12,
        "email",
        "hank@globex.example",
        "Hank pushed back on pricing last quarter's quote; Contoso Drive offered 15% less.",
        "pricing objection",
    ),
    (
        "last week +1",
        "call",
        "bill@initech.example",
        "Bill asked whether the Team plan covers 150 seats and what the upgrade would cost.",
        "needs follow-up",
    ),
    (
        "last week +2",
        "call",
        "bill@initech.example",
        "Walked Bill through the Team vs Business plan comparison; he prefers Team for now.",
        "positive",
    ),
    (
        "last week +3",
        "call",
        "bill@initech.example",
        "Bill confirmed budget for Q1 and wants the order form by the end of the month.",
        "asked for order form",
    ),
)
