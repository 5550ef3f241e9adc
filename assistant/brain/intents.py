"""What each tool is for, as example requests (for similarity) and patterns (for certainty)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.brain.lexicon import LET_KNOW

GATED = frozenset({"smalltalk", "unsupported"})  # chosen only when their pattern matches


@dataclass(frozen=True)
class Intent:
    name: str
    examples: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    write: bool = False

    def matches(self, text: str) -> bool:
        return any(re.search(p, text) for p in self.patterns)


INTENTS: tuple[Intent, ...] = (
    Intent(
        "log_activity",
        (
            "log a call with Dana at Acme, she wants a revised quote by Friday",
            "I just spoke to Bill, he needs the order form",
            "had a meeting with Hank about the expansion",
            "note for Globex: they are evaluating Contoso Drive",
            "emailed Wile the proposal",
            "record a call with the customer about pricing",
            "called Frank, left a voicemail",
            "met with the Initech team for a demo yesterday",
            "add a note to Acme that the champion is leaving",
            "spoke with Peter, happy with the rollout",
        ),
        patterns=(
            r"\blog (?:it|this|that)\b",
            r"\b(?:put|add|leave) (?:a |an )?note (?:on|to|for) (?!(?:the |my |our |this )?(?:case|ticket|cs-))",
            r"\blog (?:it |this )?as (?:a |an )?(?:call|mtg|meeting|email|note|chat)\b",
            r"\b(?:pls|please) log\b",
            r"\bgot off the phone\b",
            r"\bsat down (?:w|with)\b",
            r"^(?:call|mtg|meeting|lunch|coffee|demo) (?:w|with|w/)\b",
            r"^(?:log|logged) (?:a |an )?(?:mtg|call|email|meeting)\b",
            r"\blog(?:ged)? (?:a |an |the |my )?(?:call|email|meeting|note|chat)",
            r"^(?:just )?(?:called|phoned|rang|emailed|met with|spoke (?:to|with)|"
            r"talked (?:to|with)|had a (?:call|meeting|chat) with)\b",
            r"\b(?:add|write) a note\b",
            r"^(?:quick |fyi,? )?note\b(?! (?:on|to|for) (?:cs-|case|ticket|the case|the ticket))",
            r"\bleft (?:a |an )?(?:vm|voicemail|message)\b",
            r"^(?:log|record)(?:ged)? (?:a |an |the )?(?:phone )?(?:call|meeting|email|note|chat)\b",
            r"\b(?:just )?hung up (?:with|w)\b",
            r"^log\b",
            r"\b(?:jot(?: down)?|note down|capture|register|write up|record)\b(?: (?:that|this|it))?"
            r"(?: (?:as )?(?:an? |the )?(?:call|meeting|mtg|email|chat|note|convo|conversation)\b|\W*$)",
            r"^(?:jot(?: down)?|note down|capture|register)\b",
            r"\b(?:put|add|leave|drop) a note (?:on|to|for|in) (?:the )?(?:\S+ ){1,3}(?:account|record)\b",
            r"\bnote (?:it|this|that) (?:on|to) the account\b",
            r"^\S+(?: \S+)? (?:call|mtg|meeting|email|chat|lunch|demo|vm|voicemail)\s*(?::|re\b|-)",
            r"^(?:pls |please )?note (?:that|down)\b(?!.*\b(?:case|ticket|cs-\d+)\b)",
            r"^(?:email|call|mtg|meeting|lunch|coffee|demo|dinner|chat)\b.*\b(?:from|with|w)\b",
        ),
        write=True,
    ),
    Intent(
        "create_task",
        (
            "remind me to send the revised quote to Dana on Friday",
            "create a task to follow up with Globex next week",
            "add a to-do: prepare the QBR deck for Acme",
            "set a reminder to call Bill tomorrow",
            "I need to send Hank the contract by Monday",
            "follow up with Peter next Tuesday",
            "schedule a follow-up with Wile in two weeks",
        ),
        patterns=(
            r"^(?:fu|f/u|follow[- ]?up) (?:w|with|w/|on)\b",
            r"\bset me a (?:task|reminder)\b",
            r"^(?:task|todo|to-do|reminder)\b|^(?:[\w/.-]+ ){0,2}(?:task|todo|to-?do|reminder)\s*:",
            r"\b(?:need|want|i'?d like) (?:a |an )?(?:task|reminder|to-?do)\b",
            r"^(?:(?:mon|tues?|wed|thu|thurs?|fri|sat|sun)\w*|tomorrow|eod|eow|eom|next week|"
            r"\d{1,2}/\d{1,2})\s*:\s*(?:send|get|check|chase|prepare|draft|book|schedule|email|"
            r"call|ping|follow)\b",
            r"\btask for (?:me|eom|eod|mon|tue|wed|thu|fri)\b",
            r"\bremind me\b(?! (?:what|who|how|when|where|if|whether|why))",
            r"\b(?:create|add|make|set) (?:a |an )?(?:task|to-?do|"
            r"reminder|follow[- ]?up)\b",
            r"^follow[- ]?up with\b",
            r"^(?:follow[- ]?up|chase|ping|nudge)\b",
            r"\b(?:put|add|create|make|set|drop) (?:a |an )?(?:task|to-?do|reminder)\b",
            r"\b(?:don'?t|do not) let me forget\b|\bneed a reminder\b|\breminder (?:for|to|:|on)",
            r"\b(?:pop|stick|put|drop) (?:a |an )?(?:task|reminder|to-?do)\b|^new (?:task|reminder|to-?do)\b",
            r"\bcall (?:him|her|them|\w+) back\b(?! (?:about|re)\b)|"
            r"^(?:send|get|check (?:back|in)|chase|prepare|draft|book|schedule|email|ping) (?!.*\?).*\b"
            r"(?:today|tomorrow|tmrw|\w+day|next \w+|by \w+|on \w+|in \d+ \w+|eod|eow|eom)\b|"
            r"^(?:i |we )?(?:need|have|got) to (?!know|see|check what|log|record|note)\w+\b.*\b(?:today|tomorrow|\w+day|"
            r"next|by|on|in \d+|eod|eow)\b",
            r"\b(?:ping|nudge|poke|buzz) me\b|\bgive me a (?:nudge|ping|shout|heads[- ]up)\b",
            r"\b(?:and|\+|&) (?:a )?(?:task|reminder)\b",
            r"\b(?:make|give|set|get) me (?:a |an )?(?:task|reminder|to-?do)\b|\b(?:task|reminder) pl(?:ea)?s\b",
            r"\b(?:i|we) (?:need|have|got) to (?:remember|not forget) to\b|\bremember to\b.*\b(?:today|"
            r"tomorrow|\w+day|next|by|on|in \d+)\b",
        ),
        write=True,
    ),
    Intent(
        "create_deal",
        (
            "create a new deal for Acme, EU expansion, 30k, closing end of Q1",
            "open an opportunity for Initech worth 25000 USD",
            "new deal: Globex data export add-on, 15k",
            "add an opportunity on Bluebird Logistics for 60k euros",
        ),
        patterns=(
            r"^new (?:[\w&'-]+ ){1,3}(?:deal|opp|opportunity)\b",
            r"\b(?:create|add|open|new|start) (?:a |an )?(?:new )?(?:deal|opportunity|opp)\b",
            r"^new (?:deal|opp|opportunity)\b",
            r"\bset up (?:a |an )?(?:new )?(?:\S+ ){0,3}(?:deal|opportunity|opp)\b",
            r"\b(?:second|another) (?:deal|opportunity|opp)\b|\bset (?:it |this )?up as\b",
            r"\bset up [\"“'‘]",
            r"\b(?:create|set up|add|open) (?:that|it|this)(?: deal| opp\w*)?\W*$",
            r"\b\d+(?:[.,]\d+)?\s?k (?:\w+ )?(?:deal|opportunity|opp)\b",
        ),
        write=True,
    ),
    Intent(
        "update_deal",
        (
            "change the Acme renewal amount to 52k",
            "push the close date of Globex expansion to end of January",
            "set the probability on the Initech upgrade to 60%",
            "the Acme renewal is now worth 50,000",
            "update the Globex deal value to 110k",
            "rename the Initech deal to Initech Business plan",
        ),
        patterns=(
            r"\bclose (?:date )?(?:to |on |by |-> ?)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|end of|eo[mqy]\b|q[1-4]\b|\d{4}-)",
            r"\bbump\b.*\bto \$?\d",
            r"^(?:(?:pls|please|and|also|so|then) )*update (?:the |that |this )?(?:deal|opp|opportunity)"
            r"(?: too| as well| pls| please)*\W*$",
            r"\b(?:push|slip|slipping|move|pull)\b.*\bclose\b",
            r"\bclose date\b",
            r"\b(?:prob|probability)\b.*\d",
            r"\b(?:drop|raise|lower|bump)\b.*\b(?:prob|probability|amount|value)\b",
            r"\b(?:close date|probability|amount|value|worth)\b.*\b(?:to|now|is)\b",
            r"\b(?:push|move|slip|pull)\b.*\bclose date\b",
            r"\bshould be (?:in )?(?:eur|usd|gbp|euros?|dollars?|pounds?)\b|\bcurrency\b",
            r"\b(?:slipp?(?:ing|ed|s)?|push(?:ed|ing)?|delayed|pulled in) (?:to|until|till|til)\b",
            r"\b(?:push|pull|slip)\w*\b.*\b(?:to|into|until|till) (?:jan|feb|mar|apr|may|jun|jul|aug|"
            r"sep|oct|nov|dec|q[1-4]|next|end of|eo[mqy])",
            r"\bshould (?:land|close|sign|be signed)\b|\bnew close\b|\bclose date\b|\bswitch (?:it )?to (?:usd|eur|gbp)\b",
            r"\brename (?:the )?(?:\S+ ){0,4}(?:deal|opp|opportunity|upgrade|renewal|expansion|"
            r"add-on|pilot|migration)\b",
        ),
        write=True,
    ),
    Intent(
        "move_deal_stage",
        (
            "move the Acme renewal to negotiation",
            "Globex expansion is closed won",
            "we lost the Initech deal",
            "mark the Acme renewal as won",
            "put the Initech upgrade in proposal stage",
            "advance the Globex deal to the next stage",
            "the Acme deal moved to qualification",
        ),
        patterns=(
            r"(?:->|=>|→)\s*(?:prospecting|qualification|proposal|negotiation|closed won|closed lost|won|lost)\b",
            r"\bclose (?:it|the deal|this)? ?(?:as )?(?:won|lost)\b",
            r"\bmark (?:it|this|the deal)? ?(?:as )?closed\b",
            r"\b(?:signed|is dead|went with|went w)\b(?! off| up| in| by| for| before)",
            r"\b(?:back|put it back) (?:in|to|into) (?:negotiation|proposal|qualification|prospecting)\b",
            r"\b(?:move|moved|advance|put|set|mark|change)\b.*\b(?:to|as|in|into) "
            r"(?:the )?(?:prospecting|qualification|proposal|negotiation|negotiating|"
            r"closed[ -]won|closed[ -]lost|won|lost)\b",
            r"\b(?:we|they) (?:won|lost)\b",
            r"\b(?:is|as) (?:closed )?(?:won|lost)\b",
            r"(?:^|\s)(?:-|:|=)\s*(?:closed[ -])?(?:won|lost)\b",
            r"\bclosed[ -](?:won|lost)\b",
            r"\b(?:was|were|got|has been|have been) (?:closed )?(?:won|lost)\b",
            r"\bmov\w* (?:in)?to (?:the )?(?:prospecting|qualification|proposal|negotiation)\b",
            r"\b(?:advance|progress|shift|promote|take|bump|push|flip)\w*\b.*\b(?:to|into) (?:the )?"
            r"(?:prospecting|qualification|proposal|negotiation|closed[ -](?:won|lost))\b",
            r"\bmark (?:it|this|the deal)? ?(?:as )?(?:won|lost)\b",
        ),
        write=True,
    ),
    Intent(
        "open_case",
        (
            "open a case for Acme: SSO login fails with E-4012",
            "I can't log in since the upgrade, please open a ticket",
            "create a support ticket, our backups are failing",
            "report a problem: webhooks time out",
            "new case for Globex, export job failed, high priority",
            "my invoice is wrong, can someone look at it",
        ),
        patterns=(
            r"^(?:new|open) (?:case|ticket) (?:for|on)\b|^new (?:issue|problem|bug)\b",
            r"\b(?:open|file|raise|create|log|submit) (?:a |an )?(?:new )?(?:support )?(?:case|ticket|issue|"
            r"bug report|support request)\b",
            r"^(?:please |pls |can you |could you )?log (?:a |an )?(?:new )?(?:support )?(?:case|ticket)",
            r"(?<!the )(?<!my )(?<!our )\b(?:open|create|file|raise|start|submit) "
            r"(?:a |an )?(?:new )?(?:[\w-]+ ){0,2}(?:case|ticket)\b",
            r"^(?:new|open) (?:case|ticket)s?\b",
            r"\bopen (?:a |an )?(?:new )?(?:support )?request\b",
            r"^(?:case|ticket) for\b",
            r"\bopen (?:an? )?(?:new |urgent |high priority |low priority )?one\b",
            r"(?:^|[.!,]\s*)(?:a |new )?(?:ticket|case),? (?:please|pls|plz)\b(?! (?:note|add|put|update))",
            r"\b(?:need|want|like) (?:a |an )?(?:new )?(?:support )?(?:ticket|case)\b",
            r"\b(?:logged|opened|raised|filed) as (?:a |an )?(?:ticket|case)\b",
            r"\bopening (?:of )?(?:a |an )?(?:new )?(?:support )?(?:case|ticket)\b",
            r"\b(?:make|raise|create|open) (?:us |me )?(?:a |an )?(?:\w+ )?(?:ticket|case)\b",
            r"\bplease open\W*$",
            r"\b(?:raise|report|submit|log|file|open) (?:a |an )?(?:new )?(?:bug|issue|problem|incident|"
            r"defect)\b",
        ),
        write=True,
    ),
    Intent(
        "comment_on_case",
        (
            "add a comment to CS-10001: the certificate was re-uploaded",
            "reply on my SSO case that it still fails",
            "tell support the workaround did not help",
            "comment on the Globex webhook case: customer confirmed the fix",
            "update my ticket: it happens on every login",
        ),
        patterns=(
            r"\badd (?:a |an )?(?:comment|reply)\b",
            r"\binternal note (?:on|to|for) (?:cs-|case|ticket)",
            r"\bput (?:this|it|that) on the (?:ticket|case)\b",
            r"\badd (?:this|that|it) to (?:cs-\d+|my case|the case|my ticket|the ticket|case|ticket)",
            r"(?<!\ba )(?<!\bthe )(?<!\bno )(?<!\bany )"
            r"\b(?:comment|reply|respond|add (?:a )?(?:comment|reply|update))\b.*"
            r"\b(?:case|ticket|cs-\d+)\b",
            r"\b(?:add|write|put|post) (?:an? )?(?:internal )?(?:note|comment|update)s? "
            r"(?:to|on) (?:my |the |our |this )?(?:case|ticket|cs-\d+)",
            r"\badd (?:this |that )?to (?:my|the|our) (?:case|ticket)\b",
            r"\badd (?:to|on) (?:it|this|that|(?:the|our|my) (?:[\w-]+ ){1,3}(?:one|case|ticket))"
            r"(?: that\b|:)",
            r"^(?:adding|more (?:info|details)) (?:to|on|for) (?:the |our |my )?"
            r"(?:[\w-]+ ){0,4}(?:case|ticket|one)\b",
            r"\b(?:tell|let) (?:support|them|the customer|the team) (?:know )?",
            r"\b(?:pls |please )?add (?:that|this)\b|\bcomment (?:to|for) \w+\b",
            r"\bput (?:it |this |that )?on (?:the |my |our )?(?:ticket|case)\b",
            r"\badd\b.*\bto cs-\d+",
            r"^(?:also |and )?(?:add |put |drop |leave |write )?(?:an? )?internal (?:note|comment)\b",
            r"^internal\b|\binternal(?:ly)? only\b|\bflag internally\b|\bprivate note\b",
            r"\bnot visible to (?:the )?(?:client|customer)\b",
            r"^(?:note|comment|update|reply|post) (?:on|to|for) (?:cs-|case|ticket)",
            r"\b(?:tell|let|ask|inform) (?:\w+ ){1,2}(?:on|in|via) cs-\d+",
            r"\b(?:flag|post|write|put|add|note)\b[^.]*\b(?:on|to) (?:the |my |our |this )?"
            r"(?:[\w-]+ ){0,3}(?:case|ticket|cs-\d+)",
            r"\bcs-\d+(?:'s)?\s*(?:notes?\s*)?(?:add|more info|update|note|reply|response|public reply|"
            r"customer reply)\s*:",
            r"\bmore info\b|\badd to (?:the )?(?:case|ticket)\b|\badd:",
            r"^(?:for|re|on|about) (?:the|my|our) (?:[\w-]+ ){0,4}(?:case|ticket)\b",
            r"\bplease note that\b|\bupdate (?:the |my |our )?(?:[\w-]+ ){0,3}(?:case|ticket) with\b",
            r"\b(?:public|customer[- ]facing) (?:update|reply|comment)\b",
            r"\badd(?:ing)? (?:more |some )?info(?:rmation)? to\b|^(?:pls |please )?comment on (?:it|this|that)\b",
            r"\brevert (?:back )?to (?:the )?(?:customer|client|them|him|her|\w+) (?:on|about|re)\b",
            r"\b(?:staff|team|internal)[- ]only (?:note|comment)\b",
            r"\badd (?:an? )?internal (?:note|comment)\b|\bnote internally\b|\bleave (?:an? )?(?:internal )?(?:note|comment)\b",
            rf"\bcs-\d+\b.*\b(?:reply to (?!me\b)\w+|{LET_KNOW})\b|\b(?:{LET_KNOW})\b.*\bcs-\d+\b",
        ),
        write=True,
    ),
    Intent(
        "update_case",
        (
            "set CS-10002 to pending",
            "change the priority of the Acme SSO case to urgent",
            "mark the webhook case as waiting on customer",
            "reopen case CS-10005",
            "close case CS-10002",
        ),
        patterns=(
            r"\bbump (?:cs-\d+|it|the case|the ticket)\b.*\b(?:high|urgent|low|normal)\b",
            r"\b(?:set|mark|put) (?:it |this |cs-\d+ )?(?:back )?(?:to |as )?(?:pending|urgent|high|low|"
            r"on hold|open)\b(?! (?:a |an )?(?:new )?(?:case|ticket))",
            r"\brename\b.*\bsubject\b",
            r"\bsubject to\b",
            r"\b(?:set|change|mark|reopen|close|make|put)\b.*\b(?:case|ticket|cs-\d+)\b"
            r".*\b(?:pending|urgent|high|low|normal|closed|open|waiting|hold)\b",
            r"\breopen\b(?!.*\b(?:deal|opp|opportunity|migration|renewal|expansion|upgrade|add-on|"
            r"negotiation|proposal|qualification|prospecting)\b)",
            r"\bstatus (?:open|pending|new|closed|on hold)\b|\bpriority (?:urgent|high|low|normal)\b",
            r"\b(?:change|set|update|fix) (?:the )?subject\b|\bsubject (?:should be|to|=|:)",
            r"\b(?:bump|raise|lower|drop|set|make|mark)\b(?: \S+){0,3} (?:to|as) "
            r"(?:urgent|high|low|normal|critical|p[1-4])\b",
            r"\bstatus (?:to|->|=|as) \w+",
            r"\bshould be (?:urgent|high|low|normal|critical)\b",
            r"\bpriority\b.*\bshould be\b",
            r"\bretitle\b|\brename\b.*\b(?:case|ticket|cs-\d+)\b",
            r"\b(?:set|mark|put|move) (?:it|this|that) (?:to|as) (?:closed|pending|open|new|on hold)\b",
            r"\bmake (?:it|this) (?:urgent|high|low|normal)\b",
            r"\bstatus (?:\w+ )?to \w+",
            r"\b(?:can|should) go to (?:pending|open|closed|new|on hold)\b",
            r"\b(?:come|go|drop|bring \w+) down to (?:high|normal|low)\b",
            r"\bflip (?:it |this |cs-\d+ )?(?:to|back to) (?:pending|open|new|closed)\b",
            r"\bcs-\d+\W+(?:to )?(?:urgent|high|normal|low|critical)(?: prio(?:rity)?)?\W*$",
            r"\b(?:push|put|move|set) (?:the )?status\b",
            r"\bcs-\d+\s*(?:->|=>|→|to)\s*(?:pending|open|new|closed|urgent|high|low|normal)\b",
            r"\b(?:raise|lower|bump|increase|decrease|drop)\b.*\bpriority\b",
            r"^(?:please )?update (?:the |this |that |my )?(?:case|ticket|cs-)",
        ),
        write=True,
    ),
    Intent(
        "escalate_case",
        (
            "escalate the Acme SSO case, the customer is blocked",
            "escalate CS-10001 to engineering",
            "this ticket needs escalation, 300 users can't log in",
            "bump the Globex webhook case up",
        ),
        patterns=(
            r"\bescalat(?!ions\b|ion (?:rate|count|numbers?|stats)\b)",
            r"\b(?:has|needs?|have|got) to go (?:up )?to (?:eng|engineering|tier ?[23]|l[23]|level [23]|"
            r"the devs|dev)\b",
            r"\bflag (?:it |this |cs-\d+ )?up\b|\braise (?:it |this |cs-\d+ )?with (?:eng|engineering|tier|"
            r"l2|l3|the devs)|\bget (?:\w+ )?eyes on\b|\bneeds? eng\w*\b|\bloop in eng\w*\b",
            r"\bupstairs\b|\bup the chain\b|\bgo(?:es)? up\b|\bto (?:tier|level|l) ?[23]\b",
            r"\b(?:kick|send|push|bump|hand) (?:it |this |cs-\d+ )?(?:over )?to (?:eng|engineering|"
            r"tier 2|tier 3|devs?|the devs)\b",
        ),
        write=True,
    ),
    Intent(
        "resolve_case",
        (
            "resolve CS-10001: certificate re-uploaded and clock fixed",
            "mark the SSO case as resolved, the fix worked",
            "the webhook case is fixed, resolve it",
            "close out the Acme ticket as solved",
        ),
        patterns=(
            r"\bconfirm(?:s|ed)? (?:it'?s|its|it is|that it'?s|that its) (?:fixed|resolved|working|sorted)\b",
            r"\bclose (?:it |this |cs-\d+ )?(?:out|off)\b",
            r"\bresolv",
            r"\b(?:is|as) (?:fixed|solved)\b",
            r"\bcs-\d+\s+(?:is |was )?(?:done|fixed|solved|sorted)\b",
            r"\bput (?:it |this |cs-\d+ )?to bed\b|\bwrap (?:it |this |cs-\d+ )?up\b|\bmark (?:it |this |cs-\d+ )?(?:as )?done\b",
        ),
        write=True,
    ),
    Intent(
        "find_accounts",
        (
            "find the account Bluebird Logistics",
            "list my accounts",
            "which customers do I have in EMEA",
            "show me my churned accounts",
            "look up Initech",
        ),
        patterns=(
            r"\bwhich account\b",
            r"\baccount (?:called|named)\b",
            r"\b(?:my |list |show (?:me )?(?:my )?)?leads\b",
            r"\b(?:my|list|show|all) (?:the )?(?:accounts|customers|companies|book)\b",
            r"^(?:look up|lookup|find|search for|show me)\b.*\baccounts?\b",
            r"\baccounts? (?:with|named|called)\b",
            r"\baccounts? (?:matching|like|containing)\b",
            r"\b(?:accounts|customers|companies) (?:have|has|with) \S+ in (?:their|the) name\b",
            r"\b(?:is there|do we have) an? (?:account|customer|company)\b",
            r"^(?:acct|account)s?\b",
            r"\b(?:lead|customer|prospect)\b.*\bor\b.*\b(?:customer|lead|churn\w*|prospect)\b",
            r"\b(?:churned|lost|former) (?:accounts|customers)\b|\baccounts? (?:that )?(?:have )?churned\b",
            r"\bis \w+(?: \w+)? (?:a|an) (?:lead|customer|prospect)\b",
        ),
    ),
    Intent(
        "find_contacts",
        (
            "who is Dana Ruiz",
            "find contacts at Globex",
            "what's Bill's email",
            "who do we know at Acme",
            "phone number for Hank",
            "show my contact details",
        ),
        patterns=(
            r"\b(?:role|job title|position)\b|\bwho else (?:from|at) (?:our|my) (?:company|team|org\w*)\b",
            r"\bwho (?:do we (?:have|know)|is our contact|are our contacts|s our contact)\b",
            r"\bwhos our contact\b",
            r"\bcontact (?:at|for)\b",
            r"\b(?:email|e-mail|phone|number|contacts?|title)\b.*\b(?:of|for|at)\b",
            r"^who is\b",
            r"\bcontact (?:details|info)\b",
            r"\bcontacts\b",
            r"\b(?:email|e-mail|phone)(?: address| number)?\?",
            r"^(?:what|whats|what's) (?:is )?\S+(?: \S+)?'s? (?:email|phone|title)",
            r"^(?:who'?s|who is|who are)\b",
            r"\b(?:cfo|ceo|cto|ciso|coo|cio|vp|head of \w+|director|champion|"
            r"decision maker)\b.*\b(?:at|for)\b",
            r"\b(?:phone|email|e-mail|title|mobile|cell)(?: address| number| #)?\b.*\b(?:for|of)\b",
            r"\b(?:person|people|someone|anyone|folks|contacts?) (?:at|in|from|over at)\b",
            r"\bpeople\W*$|\b(?:phone|email|number|title|mobile|cell)(?: number| #| address)?\W*$",
            r"\bwho (?:else )?do we (?:have|know)\b|\bwhich (?:account|company|customer) is\b",
            r"\bwho else is (?:at|from|in)\b|\bwhich \w+ works (?:at|for)\b|\bon file\b",
            r"\bmy (?:phone|email|contact details|number|title)\b",
            r"\bhow (?:do|can|should) (?:i|we) (?:reach|contact|get hold of|get in touch with)\b",
            r"\b(?:finance|it|security|procurement|legal|hr|technical|billing) "
            r"(?:person|contact|lead|guy|people)\b",
        ),
    ),
    Intent(
        "find_deals",
        (
            "show my open deals",
            "which deals are in negotiation",
            "list the deals closing this quarter",
            "find the Globex expansion deal",
            "what's the status of the Acme renewal",
            "how much is the Initech deal worth",
        ),
        patterns=(
            r"\b(?:deals|opportunities|opps)\b",
            r"\b(?:every|all|any|which|list|show)\b.*\b(?:deal|opportunity)\b",
            r"\b(?:stuck|sitting|sat) in (?:prospecting|qualification|proposal|negotiation)\b",
            r"\bwhat (?:is |'s )?(?:\w+ ){0,5}worth\b|\bhow much is (?:\w+ ){0,5}worth\b",
            r"\bdeal[- ]?wise\b|\bwhat stage (?:is|are)\b|\bwhich stage (?:is|are)\b",
        ),
    ),
    Intent(
        "find_cases",
        (
            "show open cases for Acme",
            "what's the status of my ticket",
            "list urgent cases",
            "any open tickets about SSO",
            "show me my cases",
            "which cases are pending",
        ),
        patterns=(
            r"\b(?:do we have|is there|have we (?:got|opened)) (?:an? |any )?(?:open )?(?:[\w-]+ ){0,3}"
            r"(?:case|ticket|request)s?\b",
            r"\b(?:cases|tickets) (?:mentioning|citing|with|about) e-\d+|\banything (?:still )?open\b",
            r"\b(?:pull up|look up|show me|details (?:of|on|for))\b.*\bcs-\d+",
            r"\bany (?:open )?(?:cases|tickets)\b",
            r"\b(?:cases|tickets)\b",
            r"\bstatus of (?:my|the|our) (?:case|ticket)\b",
            r"\b(?:any )?(?:update|news|progress) on (?:my |the |our )?(?:case|ticket|cs-)",
            r"^(?:show|list|find)\b.*\b(?:case|ticket)\b",
            r"\b(?:status|news|update|progress|eta)\b.*\bcs-\d+|\bcs-\d+\b.*\b(?:status|news|"
            r"update|progress|eta|fixed|resolved)\b",
            r"\b(?:case|ticket)\b.*\bwhat'?s the status\b",
            r"\b(?:nobody|no one|noone) (?:has )?(?:picked up|taken|looked at)\b|\bunassigned\b",
            r"\b(?:cases|tickets|stuff) (?:floating around|mentioning|containing|about)\b",
            r"\b(?:was|is|has|did)\b.*\b(?:case|ticket)\b.*\b(?:resolved|fixed|closed|"
            r"working|picked up|looked at|moving|progress)\b",
            r"\b(?:is|has) (?:someone|anyone|anybody) (?:working|looking|looked)\b",
            r"\b(?:was|is|has)\b.*\bcs-\d+\b.*\b(?:resolved|fixed|closed|being looked at)\b",
            r"\bin the queue\b|\bstill marked (?:new|open|pending)\b|"
            r"\balready (?:a |an )?(?:case|ticket)\b|\bis there (?:a |an )?(?:case|ticket)\b",
            r"\b(?:everything|anything|what'?s) (?:that'?s )?(?:pending|waiting|on hold|open)\b",
        ),
    ),
    Intent(
        "account_overview",
        (
            "what happened with Globex last month?",
            "brief me on Acme",
            "give me an overview of Initech",
            "what's going on with Globex",
            "catch me up on Acme before my call",
            "360 view of Bluebird Logistics",
        ),
        patterns=(
            r"\b(?:full picture|overview|rundown) (?:on|of|for)\b|\blay of the land\b",
            r"\bwhat'?s (?:going on|happening) (?:at|with)\b",
            r"\bwhat'?s (?:new|happenin\w*)(?: (?:at|with|w|there|ther|over there))?\W*$|"
            r"\bwhat'?s happenin\w* (?:at|with|w)\b",
            r"\bbefore (?:my|the|i) call\b",
            r"\banything (?:new|going on|happening|i should know) (?:with|at|on|from|for)\b",
            r"\bprep me\b|\bwhat should (?:i|we) know\b|\banything (?:i|we) should know\b",
            r"\bshould know about\b|\bgoing on (?:there|at|with)\b|\boverview\W*$",
            r"\b(?:pull up|show me|give me) everything (?:on|about|for)\b",
            r"\bin flight\b|\bstate of play\b|\baccount look like\b",
            r"^(?:pls |please )?(?:pull|bring) up (?!.*\b(?:cases?|tickets?|deals?|opps?|contacts?|"
            r"pipeline)\b)",
            r"\bstory (?:with|w|on|at)\b|\b360\b|\bwhen did we last\b",
            r"\b(?:account|full) (?:summary|picture|overview) (?:for|of|on)\b",
            r"\baccount (?:rundown|overview|summary|details|snapshot|recap)\b|"
            r"\b(?:run|walk|take) me through (?:the |this |that )?(?:account|\w+ account)\b",
            r"\bbefore (?:i|we) (?:go|head|visit|meet|call|see)\b",
            r"\b(?:how'?s|how is|how are) \w+(?: \w+)? doing\b",
            r"\b(?:overview|brief me|catch me up|what'?s (?:going on|new|up) with|"
            r"what happened (?:with|at)|tell me about)\b",
        ),
    ),
    Intent(
        "search_knowledge",
        (
            "how do I configure SSO with Okta?",
            "what does error E-4012 mean",
            "how to reset my password",
            "what is the API rate limit",
            "how do I export my data",
            "what's our discount approval policy",
            "can I restore a deleted file from backup",
            "how do webhooks retry",
        ),
        patterns=(
            r"\bhow (?:to|do i|can i|can we|do we|does)\b|\bhow (?:2 )?(?:fix|solve|stop)\b",
            r"\bwhere (?:can i|i can|do i|is the)\b",
            r"\bis there a (?:known )?(?:fix|way|workaround|limit)\b",
            r"\b(?:per[- ]seat|price|pricing) (?:for|of)\b",
            r"\bwhat does\b.*\bmean\b",
            r"^(?:how (?:do|can|to|does|should)|what (?:is|are|does) (?:the |a |an )?"
            r"(?:error|policy|limit|difference)|why (?:do|does|am|is))\b",
            r"\bpolicy\b",
            r"\b(?:process|procedure|sla|kb)\b",
            r"\bwhat (?:to|do i|should i|should we|do we) do\b",
            r"\b(?:do|does|can) (?:you|we|it) (?:support|offer|have|do|keep|store|handle)\b",
            r"\bhow (?:long|much|many \w+ (?:can|do))\b.*\b(?:you|we|it)\b",
            r"\bhow long (?:do|does|will|should) (?:a |an |the )?\w+(?: \w+)? (?:\w+ly )?take\b",
            r"\bpoint (?:me|us) to\b|\bis (?:it|there) (?:possible|a way)\b|\b(?:which|what|any) (?:kb )?articles?\b",
            r"\bsend (?:me|us) (?:the |a |your )?(?:[\w-]+ ){0,3}(?:doc|docs|guide|article|link|instructions)\b",
            r"\bwhat do (?:we|i) need to\b|\bdefinitions?\b",
            r"\bwhat changed\b|\brelease notes?\b|\bwhat'?s new in\b",
            r"\bwhat does (?:our|the) (?:documentation|docs|kb|help center)\b|\bis there a guide\b",
        ),
    ),
    Intent(
        "pipeline_summary",
        (
            "how does my pipeline look",
            "give me the forecast for this quarter",
            "pipeline summary for the team",
            "what are we closing this quarter",
            "how much did we win this quarter",
            "weighted forecast",
        ),
        patterns=(
            r"\b(?:pipeline|forecast)\b",
            r"\bat risk\b|\bpast (?:their |the )?close dates?\b|\boverdue deals?\b",
            r"^(?:which|what|any|show me|list)?\s*(?:deals? (?:are |is )?)?(?:slipping|stalled|stalling)"
            r"(?: deals?)?\W*$",
        ),
    ),
    Intent(
        "support_metrics",
        (
            "support stats for the past two weeks",
            "how is support doing",
            "support metrics for the last 30 days",
            "how many open cases do we have and how old are they",
            "average time to resolve this month",
            "what's our CSAT",
            "how many escalations this week",
        ),
        patterns=(
            r"\bsupport (?:metrics|stats|numbers|figures|kpis|performance)\b",
            r"\b(?:support metrics|csat|time to (?:resolve|first response)|"
            r"response time|escalations|case age)\b",
            r"\bhow many (?:\w+ )?(?:cases|tickets)\b.*\b(?:close|closed|resolve|resolved|"
            r"open|opened|escalated|do we have|did we|this|last|past)\b",
            r"\b(?:case|ticket|support) (?:stats|statistics|metrics|numbers|figures|kpis|volume)\b",
            r"\b(?:cost per case|self[- ]service|cases closed per|closed per rep|backlog)\b",
            r"\b(?:average|avg|median|mean)\b.*\b(?:age|time|cases|tickets|response|resolve)\b",
            r"\bwho(?:'s| is| has)? (?:clos|resolv|handl|work)\w* (?:the )?most\b",
            r"\bhow many (?:\w+ ){0,2}escalations\b|\bper (?:agent|rep|person|owner|engineer|assignee)\b",
            r"\bhow(?:'s| is| has) support (?:been )?(?:doing|going|performing|looking)\b",
        ),
    ),
    Intent(
        "search_interactions",
        (
            "what did Globex say about pricing last quarter?",
            "has anyone seen error E-4012 after the upgrade?",
            "did any customer mention Contoso Drive in calls?",
            "what did Dana say about the renewal",
            "find notes about data residency",
            "has anyone else reported webhook timeouts",
        ),
        patterns=(
            r"\bwhat did (?:\w+ ){1,3}(?:say|mention|tell us|ask|write)\b",
            r"\b(?:has|have|did) (?:anyone|anybody|any customers?|someone)(?: else)? "
            r"(?:seen|reported|mentioned|said|asked|complained|hit|had|run into|ran into|experienced)\b",
            r"\bmention\w*\b.*\b(?:in|on) (?:any )?(?:calls|emails|meetings|notes|chats)\b",
            r"\b(?:did|has) (?:any ?one|anybody|someone) (?:from \w+ )?(?:get|got|gotten) back to (?:us|me)\b",
            r"\b(?:notes|calls|emails) (?:about|mentioning)\b",
            r"\b(?:has|have|did|is|was|were)\b.*\b(?:complain\w*|mention\w*|rais\w*|"
            r"bring \w+ up|brought up|said|say|ask\w*|push\w* back)\b.*\b(?:about|that|on)\b",
            r"\bwhat did (?:\w+ )?(?:\w+ )?(?:say|mention|tell|ask|want)\b",
            r"\bwho else\b(?! do we| is at| is from| is in)|\bwhat was the answer\b|\bfrom your side\b.*\banswer",
            r"\bwhat(?:'d| did) (?:you|u|we) say\b|\btold us\b",
            r"\bremind me what (?:\w+ ){0,3}(?:said|told|asked|wanted|mentioned|discussed|agreed|"
            r"promised)\b",
            r"\bbr(?:ought|ing|ings) up\b",
            r"\bin (?:any (?:of )?)?(?:our |the |their )?(?:calls|emails|meetings|notes|chats)\b",
            r"^anyone else (?:seeing|getting|hitting|having|reporting|seen)\b|\banything in (?:the )?history\b",
            r"\bany history\b|\bhistory of\b|\bhave we seen\b|\bseen (?:this|it|that|e-\d+)\b.*\bbefore\b",
            r"\bwith anyone else\b|\b(?:any|other) customers? (?:seen|had|hit|reported)\b",
            r"\b(?:did|has|have) (?:anyone|anybody|someone|we|you)(?: \w+){0,3} (?:talk\w*|spoke|"
            r"speak\w*|discuss\w*|mention\w*|rais\w*)\b",
            r"^anyone (?:mention|talk|discuss|raise|bring)\w*\b",
            r"\bany mention of\b|\bin (?:our |the )?conversations\b|\btold us\b",
            r"\b(?:search|look through|check|dig through) (?:my |our |the )?(?:history|notes|calls|"
            r"emails|conversations|interactions)\b",
            r"\bwhat (?:did )?you (?:told|tell|said|say|answered|answer)\b",
            r"\b(?:what(?:'s| has)?|anything) (?:been )?said (?:about|abt|re|on)\b",
            r"(?:^|[-–—:,]\s*)anything (?:from|with) \w+(?: \w+)?(?: lately| recently)? "
            r"(?:about|abt|re|on)\b",
            r"\bhas (?:\w+ ){1,3}(?:ever )?(?:asked|mentioned|raised|complained|brought up)\b",
            r"\bhas (?:e-\d+|this|that|it) (?:ever )?(?:come up|been (?:seen|reported))\b",
            r"\bwhat (?:was|were|has been|have been) (?:the )?(?:outcome|discussed|(?:last |previous )?"
            r"conversations?|said|decided|agreed)\b|\bwhat (?:your|the) team (?:found|said|decided)\b",
            r"\b(?:last|previous|past|earlier) (?:conversations?|discussions?|exchanges?)\b",
            r"\b(?:what )?have we heard (?:from|about|back)\b|\bin (?:the|their|our|[\w-]+'s?) history\b",
            r"\bany notes? (?:from|of) \w+|\bnotes? (?:from|of) (?:the |our |my |that )?(?:last |latest |"
            r"recent )?(?:calls?|meetings?|mtgs?|emails?|conversations?|chats?)\b",
            r"\bdid (?:we|you|i) (?:ever )?(?:promise|commit|agree|offer|quote)\b|\bdid (?:we|you|"
            r"anyone|anybody|your team|your side|your (?:support )?people)(?: \w+){0,3} (?:ever )?"
            r"(?:receive|recieve|get back|reply|respond|answer)\w*\b",
            r"\b(?:our|the|their|any) history (?:with|w|w/)\b|\bsearch (?:the )?(?:past|old|previous|"
            r"earlier) (?:interactions|calls|emails|notes|cases|tickets|conversations)\b",
            r"\bhow did (?:we|you|they) (?:fix|solve|handle|resolve|sort) (?:it|this|that)"
            r"(?: before| last time| previously)?\b",
        ),
    ),
    Intent(
        "smalltalk",
        (
            "hi",
            "hello there",
            "thanks!",
            "thank you",
            "what can you do",
            "help",
            "good morning",
            "who are you",
        ),
        patterns=(
            r"^(?:hi|hey|hello|thanks|thank you|help|what can you do|who are you)\W*$",
            r"^(?:good (?:morning|afternoon|evening)|cheers|ok thanks)\W*$",
            r"\bare you (?:a )?(?:real|human|bot|robot|person|ai|machine)\b",
            r"\bam i (?:talking|speaking|chatting) (?:to|with)\b",
            r"\bnever ?mind\b|\bforget it\b|\bignore (?:that|this|me)\b",
            r"^(?:(?:hi|hello|hey)\W+)?how are you(?: doing)?(?: today)?\W*$|^did you (?:see|watch|catch)\b",
        ),
    ),
    Intent(
        "unsupported",
        (
            "delete the Acme account",
            "remove all contacts",
            "drop the deals table",
            "give me admin rights",
        ),
        patterns=(
            r"\b(?!my\b|our\b|the\b|team'?s?\b|this\b|that\b)\w+'s (?:pipeline|quota|forecast|numbers|"
            r"commission|targets?)\b",  # another person's: the reports cover you or your team
            r"\bexport\b.*\b(?:csv|excel|spreadsheet|xlsx)\b",
            r"\binto an? (?:spreadsheet|csv|excel|sheet)\b",
            r"\b(?:email|send) (?:it|this|that|them) to me\b",
            r"\breassign\b.*\baccounts?\b",
            r"^(?:please )?(?:delete|remove|erase|wipe|purge)\b",
            r"^drop (?:the |all |a |an )?(?:table|database|db|accounts?|contacts?|deals?|cases?)\b",
            r"\b(?:make|give) me (?:an )?admin\b",
            r"\b(?:merge|reassign|transfer ownership|give (?:them|him|her) (?:a )?discount)\b",
            r"\b(?:can|could|will|would) you (?:give|offer) (?:us|me)\b.*\b(?:off|discount|credit|"
            r"refund)\b",
            r"\bassign (?:it |this |cs-\d+ |the case |the ticket )?to\b",
            r"\bapply (?:the |a )?discount\b|\bknock(?:ed)? \S+ off\b|\bdelete (?:the |a |my )?comment\b",
            r"^(?!how\b|where\b|what\b).*\breset (?:\w+'s|his|her|their) password\b|"
            r"\btransfer (?:my |his |her )?(?:portal )?login\b",
            r"\b(?:apply|give|issue|grant) (?:them |us |me |[\w-]+ )?(?:a |an )?(?:[\w%-]+ ){0,2}(?:credit|"
            r"refund|discount)\b",
            r"\b(?:weather|forecast for (?:today|tomorrow|the weekend)|joke|recipe|horoscope|"
            r"lottery|stock price|bitcoin|football score|poem|haiku|limerick|traffic)\b",
            r"\b(?:good|best|nice|cheap) (?:restaurants?|places to eat|bars)\b|\brestaurants? (?:in|near)\b",
            r"\bwrite (?:me )?(?:a |an )?(?:\w+ )?(?:song|rap|story|essay)\b|"
            r"\bwhat should i (?:get|buy|cook|eat|watch)\b",
            r"^(?:please |pls )?refund\b(?! polic)|\bissue (?:a |the )?refund\b",
            r"^(?:please |pls )?(?:give|offer|apply|approve)\b.*\b\d+ ?% off\b",
            r"\b(?:can|could) (?:we|i|you) (?:get|have|give us) (?:a |an |any )?(?:discount|credit|refund|"
            r"free)\b(?! if\b| when\b| for\b)|\bapprove (?:a |an )?(?:\d+ ?% )?discount\b",
            r"\bapprove (?:it|this|that|the|my|our)\b.*\b(?:refund|credit|discount)\b|"
            r"\b(?:refund|credit|discount)\b.*\bapprove (?:it|this|that)\b",
            r"\b(?:book|order|get|call) (?:me |us )?(?:an? )?(?:flight|hotel|uber|taxi|cab|lyft|car|"
            r"table|pizza|lunch|food|coffee)\b",
        ),
    ),
)
BY_NAME = {i.name: i for i in INTENTS}
