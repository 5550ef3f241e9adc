"""Word lists and sentence templates the demo company generator draws from."""

from __future__ import annotations

# Fictional customer company names.
COMPANY_NAMES = (
    "Bluebird Logistics",
    "Harborview Health Partners",
    "Copperline Manufacturing",
    "Quillfeather Publishing",
    "Redwater Energy",
    "Maplestone Credit Union",
    "Ironbark Construction",
    "Lumenfield Analytics",
    "Saltmarsh Foods",
    "Kestrel Aviation Services",
    "Tidewell Insurance",
    "Brightpath Learning",
    "Granite Peak Outfitters",
    "Orchard Lane Retail",
    "Silverbirch Capital",
    "Pinecrest Veterinary Group",
    "Nimbus Lane Media",
    "Halewood Biotech",
    "Oakhaven Property Management",
    "Driftwood Hospitality",
    "Cobalt Ridge Mining",
    "Everglow Cosmetics",
    "Fernhill Architects",
    "Wrenfield Legal LLP",
    "Swiftwater Freightways",
    "Amberwood Furniture",
    "Blue Heron Pharmacy",
    "Crestmoor Hotels",
    "Duskfall Games",
    "Evenstar Transit Co.",
    "Foxglove Clinics",
    "Goldleaf Tea Company",
    "Highland Grain Co-op",
    "Indigo Wave Telecom",
    "Juniper & Vale Consulting",
    "Kingsbridge Accountancy",
    "Larkspur Labs",
    "Meridian Shore Shipping",
    "Brassgate Robotics",
    "Opaline Software",
    "Pelican Bay Seafood",
    "Quarry Hill Cement",
    "Riverbend Medical Supply",
    "Sablewood Studios",
    "Thistledown Insurance Brokers",
    "Umberto & Sons Bakery",
    "Velvet Arch Events",
    "Westbrook Dental Group",
    "Yarrow Agritech",
    "Zephyr Wind Systems",
    "Cinderpoint Security",
    "Marigold Home Care",
    "Halvorsen Maritime",
    "Tanaka Precision Parts",
    "Okonkwo Engineering",
    "Loomcraft Textiles",
    "Azulejo Interiors",
    "Condor Ridge Outdoor",
    "Norrvik Timber",
    "Sirocco Payments",
)

INDUSTRIES = (
    "Logistics & Transportation",
    "Healthcare",
    "Manufacturing",
    "Financial Services",
    "Retail & E-commerce",
    "Education",
    "Media & Publishing",
    "Energy & Utilities",
    "Hospitality & Travel",
    "Professional Services",
    "Construction & Real Estate",
    "Biotech & Life Sciences",
)

SEGMENTS = ("smb", "mid-market", "enterprise")

REGIONS = ("NA", "EMEA", "APAC", "LATAM")

FIRST_NAMES = (
    "Aisha",
    "Mateo",
    "Priya",
    "Lars",
    "Mei",
    "Olusegun",
    "Sofia",
    "Hiroshi",
    "Fatima",
    "Liam",
    "Ananya",
    "Joaquin",
    "Ingrid",
    "Kwame",
    "Chloe",
    "Dmitri",
    "Yuki",
    "Amara",
    "Rafael",
    "Siobhan",
    "Tomasz",
    "Leila",
    "Ethan",
    "Nadia",
    "Arjun",
    "Camila",
    "Bjorn",
    "Zainab",
    "Wei",
    "Isabella",
    "Kofi",
    "Elena",
    "Hamid",
    "Grace",
    "Rohan",
    "Lucia",
    "Jonas",
    "Ngozi",
    "Daniel",
    "Mariam",
    "Kenji",
    "Olivia",
    "Emre",
    "Thandiwe",
    "Marcus",
    "Anya",
    "Diego",
    "Sunita",
    "Patrick",
    "Hana",
    "Omar",
    "Freya",
    "Chidi",
    "Valentina",
    "Sven",
    "Layla",
    "Haruto",
    "Rebecca",
    "Tariq",
    "Ines",
    "Min-jun",
    "Alejandro",
    "Aoife",
    "Nikolai",
    "Divya",
    "Samuel",
    "Yasmin",
    "Felix",
    "Adaeze",
    "Carlos",
    "Astrid",
    "Vikram",
    "Maya",
    "Bongani",
    "Giulia",
    "Ravi",
    "Noor",
    "Henrik",
    "Keiko",
    "Jamal",
)

LAST_NAMES = (
    "Okafor",
    "Lindqvist",
    "Nakamura",
    "Fernandez",
    "Patel",
    "Kowalski",
    "Haddad",
    "Mensah",
    "Schneider",
    "Rossi",
    "Chen",
    "Gupta",
    "Dubois",
    "Novak",
    "Adeyemi",
    "Svensson",
    "Moreau",
    "Tanaka",
    "Alvarez",
    "Kaur",
    "Murphy",
    "Ivanova",
    "Nguyen",
    "Hoffmann",
    "Bianchi",
    "Osei",
    "Kim",
    "Reyes",
    "Jensen",
    "Rahman",
    "Costa",
    "Walsh",
    "Yilmaz",
    "Sato",
    "Dlamini",
    "Petrov",
    "Castillo",
    "Bergstrom",
    "Farouk",
    "Whitfield",
    "Santos",
    "Hughes",
    "Lim",
    "Abara",
    "Delacroix",
    "Varga",
    "Ito",
    "Morales",
    "Eriksen",
    "Banerjee",
    "Keller",
    "Obi",
    "Park",
    "Romero",
    "Larsen",
    "Qureshi",
    "Fischer",
    "Tran",
    "Ndlovu",
    "Ortiz",
    "Hashemi",
    "Sullivan",
    "Wojcik",
    "Mendes",
    "Brennan",
    "Achterberg",
    "Iyer",
    "Vasquez",
    "Holm",
    "Ogunleye",
    "Marchetti",
    "Zhou",
    "Kruger",
    "Bakker",
    "Demir",
    "Nair",
    "Carvalho",
    "Fitzgerald",
    "Asante",
    "Horvath",
)

JOB_TITLES = (
    "CTO",
    "CIO",
    "COO",
    "CFO",
    "CISO",
    "VP of Engineering",
    "IT Director",
    "IT Manager",
    "Head of IT Operations",
    "Head of Infrastructure",
    "Procurement Manager",
    "Head of Procurement",
    "Finance Controller",
    "Security Architect",
    "Director of Platform Engineering",
    "DevOps Lead",
    "Systems Administrator",
    "Head of Customer Operations",
    "Operations Manager",
    "Data Engineering Manager",
    "Compliance Officer",
    "Legal Counsel",
    "Solutions Architect",
    "Identity & Access Manager",
    "Office Manager",
)

# Deal name templates; placeholders: {company}, {year}.
DEAL_KINDS = (
    "{company} renewal {year}",
    "{company} expansion",
    "{company} Enterprise upgrade",
    "{company} EU region add-on",
    "{company} Business plan migration",
    "{company} additional seats",
    "{company} storage add-on",
    "{company} APAC region rollout",
    "{company} SSO & SCIM add-on",
    "{company} multi-year renewal {year}",
    "{company} premium support",
    "{company} workflow automation pilot",
)

# Northwind Cloud product areas, substituted for {product_area}.
PRODUCT_AREAS = (
    "SSO",
    "backups",
    "API rate limits",
    "storage quotas",
    "SCIM provisioning",
    "audit logs",
    "data export",
    "webhooks",
    "billing",
    "workflow automation",
    "API keys",
    "data residency",
    "roles and permissions",
    "workspace sharing",
    "mobile app",
)

# Call note templates; placeholders: {contact}, {company},
# {product_area}, {amount}, {weekday}.
CALL_SUMMARIES = (
    (
        "{contact} wants a revised quote by {weekday}; budget is around {amount}. "
        "Concerned about {product_area} on the Team plan."
    ),
    (
        "Discovery call with {contact}. {company} is outgrowing Starter and wants "
        "to understand {product_area} on Business before committing."
    ),
    (
        "{contact} says Contoso Drive came in at {amount} for the same seat "
        "count. Asked us to sharpen our pricing before {weekday}."
    ),
    (
        "Renewal check-in with {contact}. Happy overall, but wants a credit for "
        "last month's {product_area} incident before signing."
    ),
    (
        "{contact} confirmed a budget of {amount} is approved for the expansion. "
        "Needs the order form by {weekday} to hit their quarter end."
    ),
    (
        "Spoke with {contact} about moving {company} to Enterprise. Main driver "
        "is {product_area}; procurement gets involved next week."
    ),
    (
        "{contact} is leaving {company} at the end of the month. Nobody has been "
        "named to own the Northwind relationship yet; we need a new champion "
        "before renewal."
    ),
    (
        "Left voicemail for {contact} about the renewal at {amount}. Will try "
        "again {weekday} morning."
    ),
    (
        "{contact} is frustrated: the 5.2 upgrade broke {product_area} for two "
        "teams. Escalated to support; no commercial talk until it's fixed."
    ),
    (
        "Security review kickoff with {contact}. They need our SOC 2 report, pen "
        "test summary and a signed DPA before {weekday}."
    ),
    (
        "{contact} asked whether we can match Contoso Drive's three-year price "
        "lock. Said we'd come back with options around {amount}."
    ),
    (
        "Quick call: {contact} wants to add 40 seats mid-term. Pro-rated cost is "
        "roughly {amount}; sending an updated order form."
    ),
    (
        "{contact} pushed back hard on the renewal price increase. Willing to "
        "sign a two-year term if we hold at {amount}."
    ),
    (
        "{company} legal redlined the MSA (liability cap and data residency "
        "clauses). {contact} expects our comments back by {weekday}."
    ),
    (
        "Great call with {contact}. The team loves workflow automation and wants "
        "to roll it out to finance; expansion potential around {amount}."
    ),
    (
        "{contact} needs EU data residency for a new subsidiary. Discussed the "
        "eu-west region add-on and what it means for {product_area}."
    ),
    (
        "{company} procurement asked for a vendor onboarding pack and tax forms. "
        "{contact} will chase internally; target signature {weekday}."
    ),
    (
        "{contact} is evaluating whether to consolidate their two workspaces. "
        "Wants a demo of {product_area} on {weekday}."
    ),
    (
        "Churn risk: {contact} says usage has dropped since their champion left. "
        "Suggested a health check session focused on {product_area}."
    ),
    (
        "{contact} asked for a breakdown of the {amount} invoice; their finance "
        "team thinks storage was billed twice."
    ),
    (
        "Intro call with {contact}, the new IT lead at {company}. Wants to "
        "understand the contract and the current {product_area} setup before "
        "renewal."
    ),
    (
        "{contact} confirmed they're running a Contoso Drive pilot in parallel. "
        "Decision expected {weekday}; our differentiator is {product_area}."
    ),
    (
        "Pricing call: {contact} wants Business features without the Business "
        "price. Offered {product_area} as an add-on instead of a full upgrade."
    ),
    (
        "{contact} was happy with how support handled last week's SSO issue. Open "
        "to a case study if the renewal goes smoothly."
    ),
    (
        "No answer from {contact}. Sent a follow-up email with the {amount} "
        "proposal and asked for a slot on {weekday}."
    ),
    (
        "{contact} asked about the ap-south region for their Mumbai office. "
        "Latency and {product_area} were the main questions."
    ),
    (
        "The CFO at {company} joined the call and asked for an annual prepay "
        "discount. {contact} thinks {amount} upfront is doable."
    ),
    (
        "{contact} raised concerns about {product_area} after an internal audit "
        "finding. Needs written answers for their compliance team by {weekday}."
    ),
    (
        "Expansion call: {company} is acquiring a smaller firm and wants to bring "
        "120 users onto their workspace. Rough value {amount}."
    ),
    (
        "{contact} said the board has frozen new software spend until next "
        "quarter. Keep warm; revisit on {weekday} after their planning meeting."
    ),
    (
        "{contact} wants SCIM provisioning in place before rolling out "
        "company-wide. Confirmed it's included on Enterprise."
    ),
    (
        "Difficult call. {contact} says the previous AE promised {product_area} "
        "features that don't exist. Need to reset expectations quickly."
    ),
    (
        "{contact} verbally committed at {amount}. Waiting on their VP's "
        "e-signature; expect it back by {weekday}."
    ),
    (
        "{contact} compared our API rate limits with Contoso Drive's and thinks "
        "ours are too low for their integration. Sharing the Enterprise limits "
        "sheet."
    ),
    (
        "Renewal is 60 days out. {contact} is fine with the terms but wants to "
        "drop 15 unused seats, bringing the deal to about {amount}."
    ),
    (
        "{contact} asked to extend the trial until {weekday}; their security team "
        "hasn't finished reviewing {product_area}."
    ),
    (
        "Budget owner changed: {contact} now reports to the COO. New approval "
        "path means the {amount} deal slips a few weeks."
    ),
    (
        "Technical deep dive on {product_area} with {contact}'s engineers. They "
        "were impressed; next step is a pricing conversation."
    ),
    (
        "{contact} is unhappy with invoice timing and wants quarterly billing. "
        "Checked with finance: quarterly in advance is possible."
    ),
    (
        "{contact} asked for references from a customer similar to {company}. "
        "Lining up two reference calls for {weekday}."
    ),
    (
        "Competitive: Contoso Drive offered {company} a free first year. "
        "{contact} admits switching costs are high and would rather stay if we "
        "meet them halfway."
    ),
    (
        "{contact} confirmed a 90-day backup retention requirement. Their current "
        "plan only covers 30 days; upsell to Business at roughly {amount}."
    ),
    (
        "Call with {contact} about the E-2207 rate limit errors during their "
        "nightly sync. Offered a temporary limit increase while we discuss "
        "Enterprise."
    ),
    (
        "{contact} is the new champion after the reorg and very engaged. Wants a "
        "roadmap session on {product_area} on {weekday}."
    ),
    (
        "{contact} said procurement requires three quotes: ours, Contoso Drive, "
        "and an on-prem option. Our number is {amount}."
    ),
    (
        "Short call: {contact} is out until {weekday}. Their deputy will review "
        "the {amount} proposal in the meantime."
    ),
    (
        "{contact} wants to downgrade from Enterprise to Business to save money. "
        "Walked through what they'd lose, starting with {product_area}."
    ),
    (
        "Positive QBR prep call with {contact}. Adoption is up 30% quarter over "
        "quarter; good moment to raise a multi-year renewal."
    ),
    (
        "{contact} escalated ongoing problems with {product_area} since the "
        "upgrade. Wants an exec sponsor call before renewal talks continue."
    ),
    (
        "Discussed payment terms with {contact}: {company}'s standard is net 60, "
        "we offered net 45. Total contract value {amount}."
    ),
    (
        "{contact} asked whether we can sign their DPA instead of ours. Sent to "
        "our legal team; answer promised by {weekday}."
    ),
    (
        "{contact} has {amount} of budget but needs the deal split across two "
        "fiscal years. Exploring a phased rollout."
    ),
    (
        "Webinar follow-up converted: {contact} from {company} replied and wants "
        "to learn more about {product_area}."
    ),
    (
        "{contact} mentioned {company} is consolidating vendors and we're on the "
        "shortlist to cut. Need to show value on {product_area} fast."
    ),
    (
        "{contact} approved a pilot for the data team. Success criterion: "
        "{product_area} working end to end by {weekday}."
    ),
    (
        "Renewal call went well. {contact} signed off on {amount} for another "
        "year with no seat changes."
    ),
    (
        "{contact} asked for an SLA with financial credits. That's only on "
        "Enterprise, so positioned the upgrade at around {amount}."
    ),
    (
        "{contact} was short on time and annoyed by repeated outreach. Agreed to "
        "email only; next touchpoint {weekday}."
    ),
    (
        "Spoke with {contact} and their security architect about Okta SSO and "
        "{product_area}. They want a sandbox workspace to test in."
    ),
    (
        "{contact} confirmed {company} will go ahead with the expansion once last "
        "week's SSO issue is resolved. Deal value {amount}."
    ),
)

CALL_OUTCOMES = (
    "positive",
    "needs follow-up",
    "no answer — left voicemail",
    "asked for revised quote",
    "meeting booked",
    "waiting on procurement",
    "verbal commitment",
    "competitor evaluation in progress",
    "requested security documentation",
    "escalated to manager",
    "not interested right now",
    "wrong contact — referred elsewhere",
)

# Email activity templates; same placeholders as CALL_SUMMARIES.
EMAIL_SUMMARIES = (
    (
        "Sent {contact} the revised quote ({amount}) with a two-year option. "
        "Asked for feedback by {weekday}."
    ),
    (
        "{contact} replied asking whether the Team plan includes {product_area} "
        "or if it's a paid add-on."
    ),
    ("Emailed {contact} our SOC 2 Type II report and the completed security questionnaire."),
    "{contact} forwarded the order form to procurement; PO expected by {weekday}.",
    (
        "Received MSA redlines from {company} legal. {contact} flagged the data "
        "residency clause as the blocker."
    ),
    (
        "Sent {contact} a recap of today's call: next steps, pricing at {amount}, "
        "and the open {product_area} question."
    ),
    ("{contact} wrote in unhappy about the renewal price increase and asked for a justification."),
    (
        "Followed up with {contact} after no response to the proposal. Offered a "
        "15-minute call on {weekday}."
    ),
    (
        "{contact} asked for a copy of invoice INV-2026-0412 and the PO number it "
        "was billed against."
    ),
    (
        "Sent {contact} the Enterprise vs Business comparison, highlighting "
        "{product_area} and the support SLA."
    ),
    ("{contact} confirmed attendance at the {weekday} demo and added two engineers to the invite."),
    (
        "{contact} emailed that {company} is pausing the evaluation to reassess "
        "budget. Asked us to check back next quarter."
    ),
    (
        "Introduced {contact} to our solutions engineer to answer the "
        "{product_area} questions in detail."
    ),
    (
        "{contact} shared that Contoso Drive offered a lower price and asked if "
        "we can get closer to {amount}."
    ),
    "Sent the DPA and sub-processor list to {contact} for their privacy review.",
    (
        "{contact} asked for the 5.2 release notes and whether the upgrade "
        "changes anything for {product_area}."
    ),
    (
        "Sent {contact} the onboarding welcome pack: admin guide, SSO setup "
        "steps, and kickoff on {weekday}."
    ),
    ("{contact} replied with the signed order form for {amount}. Handed over to onboarding."),
    (
        "Out-of-office reply from {contact}, back on {weekday}. Rerouted urgent "
        "items to their deputy."
    ),
    (
        "{contact} requested a certificate of insurance and our business "
        "continuity plan for vendor onboarding."
    ),
    ("Sent a renewal reminder to {contact}: current term ends in 45 days, renewal at {amount}."),
    ("{contact} asked to add 25 seats and place the new users in the eu-west region."),
    ("Shared a customer story about {product_area} with {contact} ahead of their internal review."),
    (
        "{contact} complained that support took two days to respond to a P1 case. "
        "Apologised and looped in the support manager."
    ),
    ("Sent {contact} an annual prepay proposal at {amount}, including a 7% discount."),
    ("{contact} asked whether we support Azure AD SCIM and how sync conflicts are handled."),
    ("Received a supplier registration form and tax form request from {company} accounts payable."),
    ("Sent {contact} the rate limit documentation and a quote for the higher API tier."),
    (
        "{contact} thanked the team for fixing the backup issue quickly; said it "
        "helped internal confidence in the renewal."
    ),
    (
        "Confirmed the QBR agenda with {contact} for {weekday}: adoption, "
        "{product_area}, and roadmap."
    ),
    "{contact} asked for a termination-for-convenience clause; forwarded to legal.",
    ("{contact} sent a list of 12 feature requests, most of them about {product_area}."),
    ("Followed up with {contact}, attaching the pen test executive summary under NDA."),
    (
        "{contact} let us know their champion has left {company}; new point of "
        "contact to be confirmed."
    ),
    (
        "Sent {contact} a pricing breakdown (platform fee, seats, storage add-on) "
        "totalling {amount}."
    ),
    (
        "{contact} replied that procurement needs the quote in EUR and on their "
        "own template by {weekday}."
    ),
    (
        "Sent {contact} a final check-in after three unanswered follow-ups; will "
        "close the opportunity if no reply."
    ),
    ("{contact} asked about audit log retention and export format for their external auditors."),
    ("{contact} confirmed budget approval for {amount} and asked for the final paperwork."),
    (
        "Sent {contact} the migration plan for moving {company} from Starter to "
        "Business, including {product_area} setup."
    ),
)

# Meeting note templates; same placeholders as CALL_SUMMARIES.
MEETING_SUMMARIES = (
    (
        "Product demo for {contact} and three admins at {company}. Focused on "
        "{product_area}; strong interest in workflow automation."
    ),
    (
        "QBR with {contact}: adoption is up, two support cases still open, "
        "renewal at {amount} discussed. Next QBR in three months."
    ),
    (
        "Onboarding kickoff with {company}. {contact} owns the rollout; SSO "
        "go-live targeted for {weekday}."
    ),
    (
        "Security review workshop with {contact}'s security team covering "
        "encryption, incident response, and {product_area}."
    ),
    (
        "Executive sponsor meeting: our VP met {company}'s CIO, with {contact} "
        "attending. Agreed on a joint success plan."
    ),
    (
        "Technical workshop on {product_area} with {contact} and two engineers. "
        "Left them with a sandbox workspace and sample scripts."
    ),
    (
        "Renewal negotiation. {contact} asked for a flat {amount}; we countered "
        "with a multi-year option."
    ),
    (
        "Admin training for {company}: workspace setup, roles, and "
        "{product_area}. {contact} recorded it for the wider team."
    ),
    "{contact} didn't show up for the demo. Rescheduled for {weekday}.",
    (
        "Architecture review with {contact}: mapped their data flows onto the "
        "us-east and eu-west regions."
    ),
    (
        "Mid-onboarding check-in: workspaces are live, {product_area} still "
        "pending. {contact} is blocked on internal approvals."
    ),
    (
        "Tense QBR: {contact} raised frustration about the 5.2 upgrade and "
        "{product_area}. Agreed on a remediation plan with weekly updates."
    ),
    (
        "Procurement meeting with {company}'s sourcing team and {contact}. Walked "
        "through pricing and payment terms for {amount}."
    ),
    (
        "Roadmap session with {contact} on {product_area}; captured three feature "
        "requests for the product team."
    ),
    (
        "Security questionnaire working session with {contact}: 180 of 210 "
        "questions answered, the rest need input on {product_area}."
    ),
    (
        "Lunch-and-learn on workflow automation for {company} staff. {contact} "
        "expects adoption to double this quarter."
    ),
    (
        "Kickoff for {company}'s migration off Contoso Drive. {contact} wants "
        "cutover done by {weekday}."
    ),
    (
        "Executive business review with {company} leadership; {contact} presented "
        "internal ROI figures for the past year."
    ),
    (
        "Legal call with {company} counsel and {contact} to close out MSA "
        "redlines. Two open points remain."
    ),
    (
        "Health check with {contact}: usage is flat and logins are low in two "
        "departments. Proposed targeted training on {product_area}."
    ),
    (
        "Demo of the 5.2 features for {contact}. The biggest hit was the "
        "{product_area} improvements."
    ),
    (
        "Incident review with {contact} after the backup failures. Walked through "
        "root cause and prevention steps."
    ),
    (
        "Scoping meeting for the Enterprise upgrade: {contact} needs SSO, SCIM "
        "and audit logs across three regions. Estimated {amount}."
    ),
    (
        "Onboarding session two: {contact}'s team configured webhooks and API "
        "keys. Next session {weekday} on {product_area}."
    ),
    (
        "Pricing workshop with {contact} and their finance lead. Modelled seat "
        "growth and landed on {amount} for year one."
    ),
    (
        "Champion handover: {contact} is leaving {company} and introduced their "
        "successor, along with the internal success plan."
    ),
    (
        "SSO configuration workshop with {contact} using Okta. Test users signed "
        "in; production cutover on {weekday}."
    ),
    (
        "Planning session with {company} for the APAC office rollout; discussed "
        "the ap-south region and {product_area}."
    ),
    (
        "Demo for {company}'s compliance team focused on audit logs and data "
        "export. {contact} wants a follow-up on {product_area}."
    ),
    ("Closing call with {contact}: final terms agreed at {amount}, signature expected {weekday}."),
)

# Internal account note templates; same placeholders as CALL_SUMMARIES.
NOTE_SUMMARIES = (
    ("Internal: {contact} is the real decision maker even though the CTO signs. Keep them close."),
    (
        "{company} has a hard renewal date at fiscal year end; don't let the "
        "paperwork slip past {weekday}."
    ),
    ("Account risk: three escalations this quarter on {product_area}. Flagged to the CSM lead."),
    "{contact} prefers email over calls and replies fastest early in the morning.",
    (
        "Discount approval granted up to 12% for {company}; any total below "
        "{amount} needs VP sign-off."
    ),
    ("Competitor note: Contoso Drive is the incumbent at {company}'s sister company."),
    ("{company} runs Azure AD; SCIM pilot planned for next quarter with {contact} as owner."),
    ("Expansion opportunity: {contact} mentioned two other departments looking at {product_area}."),
    (
        "Billing: {company} requires a PO number on every invoice; the last one "
        "was rejected without it."
    ),
    "Do not contact {contact} about the renewal until the open P1 case is closed.",
    ("{company} legal takes about three weeks to review an MSA; build that into the close plan."),
    ("Champion {contact} is leaving at month end. Need to multi-thread this account urgently."),
    ("{company} is mid-merger: expect procurement delays and a possible workspace consolidation."),
    "Referenceable: {contact} is happy to speak to prospects about {product_area}.",
    ("{company}'s security team requires an annual re-review; next one is due before the renewal."),
    (
        "Usage: storage is at 92% of quota. Recommend a proactive conversation "
        "with {contact} about {product_area}."
    ),
    (
        "{contact} was upset about how the 5.2 upgrade was communicated; watch "
        "the tone in the next outreach."
    ),
    (
        "{company}'s budget cycle starts in Q3; get the {amount} expansion into "
        "their plan before {weekday}'s review."
    ),
    "{company}'s data must stay in eu-west under their works council agreement.",
    (
        "Handover from the previous AE: {contact} was promised a free month for "
        "the outage. Confirm with finance before renewal."
    ),
)

# Support cases as (subject, description); placeholders: {company}, {contact}.
CASE_TEMPLATES = (
    (
        "SSO login fails with E-4012 after 5.2 upgrade",
        (
            "Since the upgrade to 5.2 last night none of our users can sign in "
            'through Okta. Every attempt shows E-4012 "SAML assertion rejected '
            "after upgrade\". We haven't changed anything on our side. This is "
            "blocking the whole company, please treat it as urgent."
        ),
    ),
    (
        "E-2207 rate limit errors on nightly sync",
        (
            "Our nightly sync job started failing around 02:00 UTC with E-2207 "
            '"API rate limit exceeded". We\'re making roughly the same number of '
            "calls as last month. Can you confirm whether our limit changed and "
            "how we can get it raised?"
        ),
    ),
    (
        "Backup snapshot failed: E-3105 quota exceeded",
        (
            "The scheduled backup of our main workspace has failed three nights "
            'in a row with E-3105 "backup snapshot failed: quota exceeded". The '
            "storage dashboard says we're at 78% of quota, so this doesn't add "
            "up. We need a good backup before our audit next week."
        ),
    ),
    (
        "Webhooks timing out (E-5003)",
        (
            'We\'re seeing E-5003 "webhook delivery timeout" on about 20% of '
            "events sent to our endpoint. Our logs show the endpoint responds in "
            "under 300 ms. Are these being retried, and is there a way to see the "
            "delivery history?"
        ),
    ),
    (
        "New API key rejected with E-1009",
        (
            "I generated a new API key in the admin console this morning and "
            'every request returns E-1009 "invalid API key". The old key still '
            "works. Is there a propagation delay, or is something wrong with the "
            "key scopes?"
        ),
    ),
    (
        "Data export job keeps failing (E-6021)",
        (
            "The export of our legal workspace fails after about 40 minutes with "
            'E-6021 "export job failed". We need this data for a legal hold by '
            "Friday. The job ID is in the attached screenshot."
        ),
    ),
    (
        "SCIM sync conflict E-7004 for existing users",
        (
            'Azure AD provisioning is throwing E-7004 "SCIM sync conflict" for '
            "around 35 users. It looks like they already exist with different "
            "capitalisation in their email addresses. How do we resolve this "
            "without deleting their files?"
        ),
    ),
    (
        "Charged twice for INV-2026-0412",
        (
            "Hi, our finance team noticed that invoice INV-2026-0412 was charged "
            "twice to the card on file. Could you please refund the duplicate "
            "charge and confirm by email? Thanks, {contact}"
        ),
    ),
    (
        "Why did our invoice go up?",
        (
            "Our latest invoice, INV-2026-0388, is 30% higher than last month and "
            "nobody told us about a price change. We did not add any seats. I "
            "expect a full explanation and a corrected invoice."
        ),
    ),
    (
        "Request to move workspace to eu-west",
        (
            "{company} has new EU customers and our DPO says our data needs to be "
            "stored in the EU. Can you move our workspace from us-east to "
            "eu-west? What downtime should we expect?"
        ),
    ),
    (
        "Audit logs missing entries since Tuesday",
        (
            "Our audit log shows no file deletion events since Tuesday, although "
            "we know files were deleted. Our SOC team relies on these logs. Is "
            "this a known issue with 5.2?"
        ),
    ),
    (
        "Google Workspace SSO redirect loop",
        (
            "Users signing in with Google Workspace get stuck in a redirect loop "
            "between your login page and Google. Clearing cookies only helps for "
            "a single session. This started this morning for everyone at "
            "{company}."
        ),
    ),
    (
        "Slow uploads in ap-south region",
        (
            "Uploads to our ap-south workspace have been very slow since "
            "yesterday, under 1 MB/s. Both our Singapore and Mumbai offices see "
            "it. Our other sites are fine."
        ),
    ),
    (
        "Workflow automation stopped triggering after upgrade",
        (
            "Our approval workflow that runs on new uploads stopped triggering "
            "after the 5.2 upgrade. There are no errors in the workflow log, it "
            "just doesn't fire. We depend on it for invoice approvals."
        ),
    ),
    (
        "E-4012 only for Azure AD users",
        (
            "After the upgrade our Azure AD users get E-4012 when signing in, but "
            "the few users on Okta are fine. We rotated our signing certificate "
            "last week, could that be related? Happy to share a SAML trace."
        ),
    ),
    (
        "Team plan rate limit too low for our integration",
        (
            "We keep hitting E-2207 during business hours when our CRM "
            "integration syncs contacts. The documented limit for the Team plan "
            "is simply too low for us. What are our options short of upgrading to "
            "Enterprise?"
        ),
    ),
    (
        "Cannot restore from backup (E-3112)",
        (
            "Restoring a folder from last Thursday's snapshot fails with E-3112 "
            '"restore target locked". As far as we know nobody is editing that '
            "folder. We need these files today."
        ),
    ),
    (
        "Webhook signature verification failing since 5.2",
        (
            "Since 5.2 our webhook receiver rejects every event because the "
            "signature doesn't match. Did the signing header or algorithm change? "
            "The release notes don't mention it."
        ),
    ),
    (
        "API returns 500 on file listing (E-8010)",
        (
            "GET /v2/files with a page size of 500 returns HTTP 500 with E-8010 "
            '"internal pagination error". Smaller page sizes work. This broke '
            "our weekly reporting script."
        ),
    ),
    (
        "Admin locked out after enforcing SSO",
        (
            "I enabled 'Enforce SSO' and now I'm locked out of the admin console "
            "myself because my account isn't in Okta yet. Please help, I'm the "
            "only admin at {company}."
        ),
    ),
    (
        "Storage quota not updated after plan upgrade",
        (
            "We upgraded from Team to Business yesterday but the storage quota "
            "still shows the old 1 TB limit, and backups are now failing with "
            "E-3105. Please apply the new quota."
        ),
    ),
    (
        "Exported CSV has garbled characters",
        (
            "When I export our user list to CSV, names with accents such as Zoë "
            "or Łukasz come out garbled. Is the export UTF-8? Our HR system "
            "rejects the file."
        ),
    ),
    (
        "Invoice INV-2026-0412 needs our VAT number",
        (
            "Hello, could you please reissue invoice INV-2026-0412 with our VAT "
            "number on it? Our accounts payable team cannot process it otherwise. "
            "Many thanks, {contact}"
        ),
    ),
    (
        "SCIM deprovisioning does not remove access",
        (
            "Users we removed in Okta can still log in to Northwind Cloud for up "
            "to 24 hours afterwards. SCIM reports the sync as successful. This is "
            "a security problem for us, please escalate."
        ),
    ),
    (
        "Scheduled export stuck in 'queued'",
        (
            "Our weekly data export has been sitting in 'queued' status for two "
            "days. No error code and nothing in the job log. We need it for "
            "month-end reporting."
        ),
    ),
    (
        "E-1009 after rotating API keys",
        (
            "We rotated all our API keys as our security policy requires, and now "
            'the backup agent fails with E-1009 "invalid API key" even though '
            "we pasted in the new key. Are keys scoped per region?"
        ),
    ),
    (
        "Members can see private folders in another workspace",
        (
            "After 5.2, members of our Sales workspace can see folders in the "
            "Finance workspace that should be private. This is a serious data "
            "exposure for {company}. Respond immediately."
        ),
    ),
    (
        "Webhook retries flooding our endpoint",
        (
            "After an outage on our side, your system retried thousands of "
            "webhook events at once and took our endpoint down again. Is there a "
            "way to throttle retries or set a maximum delivery rate?"
        ),
    ),
    (
        "Request for SOC 2 report",
        (
            "Hi team, our annual vendor review requires your latest SOC 2 Type II "
            "report and bridge letter. Could you share them, or tell me who to "
            "ask? Thanks, {contact}"
        ),
    ),
    (
        "Cannot downgrade plan in billing portal (E-9102)",
        (
            "I'm trying to downgrade from Business to Team in the billing portal, "
            'but it fails with E-9102 "plan change blocked: active add-ons". As '
            "far as we know we don't have any add-ons."
        ),
    ),
    (
        "Audit log export missing IP addresses",
        (
            "Since the upgrade, the audit log export no longer includes the "
            "source IP column. Our auditors need it. Was this removed "
            "deliberately?"
        ),
    ),
    (
        "Backup retention shorter than configured",
        (
            "We configured 90-day retention, but snapshots older than 30 days are "
            "gone. We're on Business, which should support 90 days. Where did our "
            "backups go?"
        ),
    ),
    (
        "Admin console very slow in eu-west",
        (
            "The admin console takes more than 20 seconds to load user lists in "
            "our eu-west workspace. It started after the weekend maintenance "
            "window. Everything else is normal speed."
        ),
    ),
    (
        "E-5003 timeouts on one webhook endpoint only",
        (
            "Two of our webhook endpoints are fine, but the third consistently "
            'gets E-5003 "webhook delivery timeout". It sits behind our '
            "corporate proxy. Which IP ranges do your webhook senders use?"
        ),
    ),
    (
        "SAML certificate expiring next week",
        (
            "We got a notice that our SAML signing certificate expires next week. "
            "How do we rotate it without triggering the E-4012 errors we had last "
            "time? Step-by-step instructions would be appreciated."
        ),
    ),
    (
        "Third outage this month",
        (
            "This is the third time this month that sync has been down for over "
            "an hour. Our team has lost a full day of work in total. I want an "
            "RCA and a service credit, and frankly we are looking at Contoso "
            "Drive."
        ),
    ),
    (
        "SCIM group push fails with E-7004",
        (
            'Pushing groups from Okta fails with E-7004 "SCIM sync conflict" '
            "for our 'R&D Engineering' group. Other groups sync fine. The group "
            "name contains an ampersand, not sure if that's related."
        ),
    ),
    (
        "Audit events API returns duplicates",
        (
            "When paging through /v2/audit-events with the cursor we get the same "
            "events on more than one page. Our SIEM ingestion double counts as a "
            "result. Is the cursor supposed to be stable?"
        ),
    ),
    (
        "Cannot add users: seat limit reached (E-9040)",
        (
            'Inviting new users fails with E-9040 "seat limit reached", but we '
            "bought 50 extra seats last week and the billing page shows the new "
            "count. Please fix this today, our new hires start on Monday."
        ),
    ),
    (
        "Export of large workspace fails (E-6021)",
        (
            "A full export of our 4 TB workspace fails at about 60% with E-6021 "
            '"export job failed". Smaller exports work. Is there a size limit, '
            "or can you run the export on your side?"
        ),
    ),
    (
        "MFA prompt appears twice",
        (
            "Since the 5.2 upgrade our users are asked for MFA twice: once by "
            "Okta and once by Northwind Cloud. It's not a blocker, but people are "
            "annoyed. Can we turn off the second prompt?"
        ),
    ),
    (
        "Invoices going to the wrong billing contact",
        (
            "Invoices are still being sent to {contact}'s old address even though "
            "we changed the billing contact in the portal last month. Please send "
            "them to billing@customer.example from now on."
        ),
    ),
    (
        "Backup agent 3.8.1 crashes on Windows Server",
        (
            "Backup agent version 3.8.1 crashes on Windows Server 2022 as soon as "
            'it starts a snapshot. The event log shows E-3150 "agent snapshot '
            'handler terminated". Version 3.7 worked fine.'
        ),
    ),
    (
        "Workspace deleted by mistake",
        (
            "One of our admins accidentally deleted the Marketing workspace this "
            "morning. Is it recoverable? There are about 200 GB of files in it "
            "and we don't have a recent export."
        ),
    ),
    (
        "Rate limit headers missing from responses",
        (
            "Your docs say responses include X-RateLimit-Remaining, but we don't "
            "see that header on /v2/files. We need it to back off before we hit "
            "E-2207."
        ),
    ),
    (
        "Question about backups and data residency in ap-south",
        (
            "A quick question: if we create a workspace in ap-south, do the "
            "backups also stay in that region, or are they replicated to us-east? "
            "Our legal team needs a written answer. Thank you."
        ),
    ),
    (
        "SSO works in browser but not in mobile app",
        (
            "SSO sign-in works in the browser, but the mobile app shows E-4019 "
            '"identity provider response invalid" for all our Azure AD users. '
            "We're on app version 5.2.0 on both iOS and Android."
        ),
    ),
    (
        "Webhook payload missing actor field",
        (
            "Since yesterday the file.updated webhook payload no longer includes "
            "the actor field. Our automation uses it to notify file owners. Is "
            "this an intentional breaking change?"
        ),
    ),
    (
        "Invoice INV-2026-0455 in wrong currency",
        (
            "We are being billed in USD, but our contract with Northwind Cloud "
            "specifies EUR. Could you please reissue invoice INV-2026-0455 in EUR?"
        ),
    ),
    (
        "Automation run quota exhausted (E-6540)",
        (
            'Our workflows stopped mid-month with E-6540 "automation run quota '
            "exhausted\". By our own count we've used far fewer runs than our "
            "plan includes. Please check the counter."
        ),
    ),
    (
        "User lost access to files after email change",
        (
            "After we changed {contact}'s email address in Azure AD, they lost "
            "access to all their files and shares. SCIM created a new account "
            "instead of updating the existing one, and the log shows E-7004."
        ),
    ),
    (
        "Audit log retention for compliance",
        (
            "We're required to keep audit logs for 7 years. Our current retention "
            "is 1 year. Is there an add-on for longer retention, or do we need to "
            "export the logs ourselves?"
        ),
    ),
    (
        "Intermittent failures in us-east (E-8003)",
        (
            "Since around 14:00 UTC, file operations in us-east fail "
            'intermittently with E-8003 "upstream storage unavailable". Your '
            "status page says everything is green. Please confirm whether there "
            "is an incident."
        ),
    ),
    (
        "Custom branding lost after 5.2 upgrade",
        (
            "Our custom logo and colours disappeared from the login page after "
            "the 5.2 upgrade. Minor, but our executives noticed. Can you restore "
            "them?"
        ),
    ),
    (
        "Read-only API key for audit logs",
        (
            "We'd like an API key that can only read audit logs, not files. The "
            "current key scope options don't seem to allow this. Is there a way "
            "to do it, or is it on the roadmap?"
        ),
    ),
    (
        "Planning migration from Contoso Drive",
        (
            "{company} is moving about 8 TB from Contoso Drive to Northwind Cloud "
            "next month. Is there a bulk import tool, and how do we avoid hitting "
            "rate limits during the move?"
        ),
    ),
    (
        "Credit owed after mid-term downgrade",
        (
            "We downgraded from Enterprise to Business mid-term in March, but "
            "invoice INV-2026-0419 still charges the Enterprise rate. Please "
            "credit the difference."
        ),
    ),
    (
        "Nightly snapshots running into business hours",
        (
            "Our nightly snapshots now take 9 hours and run into business hours, "
            "slowing everything down. They used to finish in 2. Nothing changed "
            "on our side."
        ),
    ),
    (
        "Still no response on urgent SSO case",
        (
            "I opened a case about E-4012 two days ago and nobody has replied "
            "beyond the automated message. We pay for premium support. Please "
            "escalate this to a manager."
        ),
    ),
    (
        "E-5003 after rotating webhook secret",
        (
            "After we rotated the webhook secret, deliveries started failing with "
            'E-5003 "webhook delivery timeout", yet our endpoint logs show no '
            "incoming requests at all. Did the rotation disable the subscription?"
        ),
    ),
)

# Support / customer replies on a case; placeholders: {company}, {contact}.
CASE_COMMENTS = (
    "We rolled back the certificate and the error E-4012 went away.",
    (
        "Thanks for the details, {contact}. We've reproduced the issue and "
        "escalated it to engineering."
    ),
    "Could you send us a HAR file and the exact time (UTC) of a failed attempt?",
    "Any update on this? It's been 24 hours and we're still blocked.",
    ("We've temporarily raised your API rate limit while we investigate the E-2207 errors."),
    (
        "Root cause identified: the 5.2 upgrade changed the default SAML audience "
        "value. A fix is rolling out to all regions."
    ),
    (
        "The duplicate charge has been refunded and should appear on your "
        "statement within 5-7 business days."
    ),
    "Confirmed working on our side now, thanks for the quick turnaround.",
    (
        "Your storage quota now matches the Business plan. Please retry the "
        "backup and let us know if E-3105 comes back."
    ),
    ("We need a workspace admin at {company} to approve this change before we can proceed."),
    "Still failing for us with the same error code. Attaching new logs.",
    (
        "Engineering has deployed hotfix 5.2.1. Could you confirm whether "
        "webhooks are delivering again?"
    ),
    "This is unacceptable. We were told this would be fixed by yesterday.",
    (
        "Workaround: set the SCIM matching attribute to email (case-insensitive) "
        "and re-run the sync. That should clear the E-7004 conflicts."
    ),
    ("We've reissued the invoice with your VAT number; you'll find it in the billing portal."),
    "Closing this case as resolved. Reply within 7 days to reopen it.",
    ("Thanks {contact}, the export completed successfully after we split it into smaller jobs."),
    (
        "Our webhook senders use the IP ranges listed in the docs under Network > "
        "Allowlisting; please add them to your proxy."
    ),
    ("Given the business impact, we're escalating this to the on-call engineering manager."),
    (
        "Apologies for the slow response on this case, {contact}. I've taken "
        "ownership and will update you every four hours."
    ),
    ("Could you confirm which region your workspace is in (us-east, eu-west or ap-south)?"),
    "The missing audit log entries were backfilled overnight. No data was lost.",
    ("Rotating the API key from the admin console instead of the CLI fixed the E-1009 errors."),
    (
        "We restored the deleted workspace from the recovery bin. Please verify "
        "the file count on your side."
    ),
    "Can we get on a call today? Our CTO wants an explanation.",
    (
        "This matches a known issue our engineers are already tracking; we'll "
        "notify you as soon as the fix ships."
    ),
    "Thanks, that fixed it. You can close the case.",
    (
        "The refund for the plan difference has been approved and will appear as "
        "a credit on your next invoice."
    ),
    (
        "The us-east incident has been mitigated and error rates have been back "
        "to normal since 15:20 UTC."
    ),
    "Please don't close this yet, we want to monitor it for another 48 hours.",
)

# Task titles; placeholders: {company}, {contact}.
TASK_TEMPLATES = (
    "Send revised quote to {contact}",
    "Schedule QBR with {company}",
    "Follow up with {contact} on security questionnaire",
    "Send MSA redlines back to {company} legal",
    "Call {contact} about renewal",
    "Prepare renewal proposal for {company}",
    "Book workflow automation demo for {contact}",
    "Share SOC 2 report with {contact}",
    "Check in with {contact} after support escalation",
    "Identify new champion at {company}",
    "Send onboarding pack to {contact}",
    "Confirm PO number with {company} accounts payable",
    "Get discount approval for {company}",
    "Chase order form signature from {contact}",
    "Send case study to {contact}",
    "Update close plan for {company}",
    "Set up reference call for {contact}",
    "Prepare exec sponsor briefing for {company}",
    "Send DPA to {contact} for review",
    "Review usage report before {company} QBR",
    "Follow up on overdue invoice with {company}",
    "Introduce {contact} to solutions engineer",
    "Log competitor intel from {company} call",
    "Send thank-you note to {contact}",
    "Plan SSO cutover with {contact}",
)
