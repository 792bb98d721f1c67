"""The written world of the demo: Northwind Projects, its boards, customers, people and staff voice."""

PRODUCT = "Northwind Projects"
DEMO_PASSWORD = "ideabox-demo"

# slug, name, description, is_private
BOARDS = [
    ("feature-requests", "Feature Requests",
     "Ideas for the Northwind Projects web app: tasks, boards, timelines, collaboration.", False),
    ("mobile", "Mobile App",
     "The iOS and Android apps: notifications, offline work, everything on the go.", False),
    ("integrations", "Integrations",
     "Connect Northwind to the tools you already use: chat, calendars, code hosting, SSO, API.", False),
    ("reporting", "Reporting & Analytics",
     "Dashboards, exports, time reports and the numbers your boss asks for on Monday.", False),
    ("enterprise", "Enterprise (internal)",
     "Requests heard from enterprise accounts on sales and success calls. Staff only.", True),
]

# slug, name, colour
TAGS = [
    ("ui", "UI & design", "#6366f1"),
    ("accessibility", "Accessibility", "#0ea5e9"),
    ("notifications", "Notifications", "#f59e0b"),
    ("tasks", "Tasks", "#10b981"),
    ("planning", "Planning", "#8b5cf6"),
    ("time-tracking", "Time tracking", "#14b8a6"),
    ("security", "Security", "#ef4444"),
    ("api", "API", "#64748b"),
    ("export", "Export", "#84cc16"),
    ("performance", "Performance", "#f97316"),
    ("permissions", "Permissions", "#a855f7"),
    ("billing", "Billing", "#eab308"),
]

# name, segment, annual revenue, email domain
ACCOUNTS = [
    ("Acme Corp", "Enterprise", 1_200_000, "acme.example.com"),
    ("Globex", "SMB", 48_000, "globex.example.com"),
    ("Initech", "Mid-market", 240_000, "initech.example.com"),
    ("Vandelay Industries", "Mid-market", 310_000, "vandelay.example.com"),
    ("Umbrella Logistics", "Enterprise", 880_000, "umbrella.example.com"),
    ("Soylent Foods", "SMB", 36_000, "soylent.example.com"),
    ("Tyrell Robotics", "Enterprise", 640_000, "tyrell.example.com"),
    ("Bluth Property Group", "SMB", 22_000, "bluth.example.com"),
]

FREEMAIL_DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com"]

FIRST_NAMES = [
    "Priya", "Marcus", "Lena", "Tomás", "Aisha", "Jonas", "Mei", "Daniel", "Fatima", "Oliver",
    "Sofia", "Kwame", "Hannah", "Diego", "Yuki", "Ravi", "Chloe", "Mateo", "Ingrid", "Samuel",
    "Amara", "Lukas", "Elena", "Noah", "Zara", "Felix", "Nadia", "Ethan", "Leila", "Oscar",
    "Grace", "Tariq", "Maya", "Henrik", "Ana", "Kofi", "Julia", "Arjun", "Emma", "Viktor",
    "Isla", "Rafael", "Sana", "Bruno", "Camille", "Dmitri", "Freya", "Hugo", "Keiko", "Liam",
]
LAST_NAMES = [
    "Raman", "Okafor", "Lindqvist", "Herrera", "Khan", "Becker", "Chen", "Moreau", "Haddad", "Walsh",
    "Rossi", "Mensah", "Fischer", "Alvarez", "Tanaka", "Iyer", "Dubois", "Silva", "Nilsen", "Cohen",
    "Adeyemi", "Novak", "Popescu", "Murphy", "Ahmed", "Schmidt", "Kowalski", "Brennan", "Nakamura",
    "Costa", "Petrov", "Svensson", "Osei", "Garcia", "Müller", "Kaur", "Jensen", "Yilmaz", "Park",
]

# email, display name, role, customer account name (or None): the documented demo accounts.
DEMO_ACCOUNTS = [
    ("customer@demo.example.com", "Casey (demo customer)", "customer", "Acme Corp"),
    ("pm@demo.example.com", "Pat (demo PM)", "pm", None),
    ("exec@demo.example.com", "Evelyn (demo executive)", "executive", None),
    ("admin@demo.example.com", "Ada (demo admin)", "admin", None),
]

# Further Northwind staff, so replies and proxy votes come from a real-looking team.
STAFF = [
    ("maria.lopez@northwind.example.com", "María López", "pm"),
    ("sam.whitaker@northwind.example.com", "Sam Whitaker", "pm"),
    ("jun.park@northwind.example.com", "Jun Park", "pm"),
    ("rebecca.stone@northwind.example.com", "Rebecca Stone", "executive"),
    ("leo.grant@northwind.example.com", "Leo Grant", "executive"),
    ("ops@northwind.example.com", "Northwind Ops", "admin"),
]

# The official reply a PM writes when moving an idea to each status.
OFFICIAL_REPLIES = {
    "under_review": [
        "Thanks for raising this! We're looking into how this would fit with the rest of the product. "
        "Keep the votes and use cases coming.",
        "We're reviewing this with the design team this month. If you have screenshots of your current "
        "workaround, please add them in the comments.",
        "Good one. We're collecting examples before we commit — tell us how often you hit this.",
        "Under review: we've started talking to a few of you about this. Expect follow-up questions.",
        "This came up in our last planning session. We want to understand the edge cases before we decide.",
        "Moving this to review. A quick question for everyone voting: is this a daily pain or an "
        "occasional annoyance?",
    ],
    "planned": [
        "Good news: this is on the roadmap for next quarter. We'll post here when work starts.",
        "Planned! We've scoped a first version and will share a preview with a few of you before release.",
        "We hear you — this is planned. No date yet, but it's firmly in the next planning cycle.",
        "This is now planned. Thanks to everyone who shared their workflow, it shaped the design a lot.",
        "Scheduled for an upcoming release. Follow this idea to be notified when it moves forward.",
    ],
    "in_progress": [
        "The team started building this last week. Early beta soon — comment if you'd like access.",
        "In progress! Design is done and engineering is on it.",
        "We're building this right now. First cut is behind a feature flag internally.",
        "Work has started. We're aiming for a gradual rollout over a few weeks.",
    ],
    "shipped": [
        "Shipped! It's live for everyone now — see the changelog for details. Thanks for the votes.",
        "This is out. Give it a try and tell us what you think in a new idea if something's missing.",
        "Released today for all plans. Huge thanks to everyone who commented with use cases.",
        "Done and deployed. The mobile apps pick it up in the next store update.",
    ],
    "declined": [
        "Thanks for the suggestion. After a lot of discussion we've decided not to build this: it "
        "would make the product harder to use for most teams. We may revisit it next year.",
        "We're going to pass on this one. Our integrations partners already cover it well, and we'd "
        "rather invest in the core.",
        "Closing this as declined for now — the effort is large and very few teams need it. "
        "We appreciate you taking the time to write it up.",
        "Not something we plan to do. There's a workaround with saved views that covers most cases; "
        "happy to walk you through it.",
    ],
}

# What customers say under ideas. Kept topic-neutral so any idea can carry them.
COMMENTS = [
    "+1, we need this too.",
    "Yes please! This would save my team hours every week.",
    "Any update on this? It's been a while.",
    "Same here. Our whole agency has been asking for this since we switched from spreadsheets.",
    "We're on the Business plan and this is honestly the one thing holding us back.",
    "Upvoted. Our current workaround is a shared Google doc and it's painful.",
    "Would love this. Bonus points if it works on mobile as well.",
    "This is a dealbreaker for our renewal, just saying.",
    "Came here to ask for exactly this.",
    "Not sure everyone needs this, but it should at least be an option per workspace.",
    "Please keep it simple — a toggle would be enough for us.",
    "Our team of 40 hits this daily.",
    "Agreed. Small thing but it adds up.",
    "I'd pay extra for this honestly.",
    "We'd use this for client projects mostly, internal ones less so.",
    "Is this on the roadmap? Would help with planning on our side.",
    "My manager asked me to add our vote. Big one for the ops team.",
    "Same problem here since the last update.",
    "This would be huge for onboarding new people.",
    "Also important: make sure permissions are respected, we have guests in most projects.",
    "Competitors have had this for years, please catch up :)",
    "We'd need an admin setting to turn it off for some teams.",
    "Adding my vote from the Berlin office.",
    "Could this also work for archived projects?",
    "This plus keyboard shortcuts and I'm a happy camper.",
    "Exactly what I was about to suggest. Following.",
    "Would this be available on the Starter plan too?",
    "Our clients keep asking us for this, so indirectly they want it too.",
    "Honestly the main reason some of my colleagues still use email instead of Northwind.",
    "Please!!! 🙏",
    "We built a small script to do this via the API but a native option would be much better.",
    "Have to say the product is great otherwise, this is the only gap for us.",
    "Can you share a rough timeline? Even 'this year' vs 'not soon' helps.",
    "Would love to beta test this if you need volunteers.",
    "Voting for this on behalf of our 12-person design team.",
    "I think this should be the default behaviour, not an option.",
    "Careful with this one — we'd want it to be opt-in so it doesn't spam everyone.",
    "Yes. And ideally it remembers my choice between sessions.",
    "We moved from Trello last year and miss this a lot.",
    "Is there a workaround in the meantime?",
    "Agree with the comments above, the use case is very common in construction projects.",
    "This affects our nonprofit volunteers most, they're not very technical.",
    "Also needed for our audit trail, fwiw.",
    "Would be nice if it worked per project and not only globally.",
    "+1 from the support team, we get tickets about this every week.",
    "Happy to jump on a call to explain our workflow if it helps.",
    "Quick note: we tried a Zapier workaround but it breaks regularly.",
    "Following. Please notify us when there's progress.",
    "This would make the weekly status meeting so much shorter.",
    "Big +1. Our finance team would finally stop asking me for screenshots.",
]

# What Northwind staff say under ideas, as themselves.
STAFF_COMMENTS = [
    "Thanks for the detail — this helps a lot. Could you tell us roughly how many people on your team "
    "would use this?",
    "Merging a few similar requests into this one so the votes add up in one place.",
    "Good point about permissions, we've noted it for the design.",
    "We've shared this with the mobile team.",
    "Quick question for voters: would an export be enough, or do you need it live?",
    "Recording this for two more enterprise accounts from this week's calls.",
]

# What the team notes under ideas for each other (internal notes: customers never see them).
INTERNAL_NOTES = [
    "Sales says this came up in three renewal calls this quarter. Worth sizing before the planning review.",
    "Engineering's rough estimate is two sprints, mostly API work. Parking it until Q3 planning.",
    "This overlaps with the permissions rework. Let's not promise a date publicly yet.",
    "Support sees about ten tickets a month about this; the workaround macro is linked in the spec.",
    "Design has mockups from last year's spike, worth reusing before we start from scratch.",
    "Legal wants to review this before we commit to anything.",
    "Two enterprise accounts raised this in their quarterly reviews. Flagging it for the roadmap meeting.",
]

# Themes: title, status, duplicate groups merged into it, related single ideas it also covers,
# description, keywords, days ago it reached its status, and the release note when shipped.
THEMES = [
    {
        "title": "Dark mode", "status": "shipped", "clusters": ["dark-mode"], "days_ago": 118,
        "related": ["Dark app icon option"],
        "description": "A dark colour scheme for the web and mobile apps, following the system setting.",
        "keywords": ["dark", "theme", "night", "contrast"],
        "release": ("Dark mode is here 🌙",
                    "You asked for it more than almost anything else: Northwind Projects now has a **dark "
                    "mode**.\n\n- Follows your operating system setting by default\n- Can be forced on or "
                    "off in *Settings → Appearance*\n- Works on the web app, iOS and Android\n\nThanks to "
                    "everyone who voted, commented and sent screenshots of their late-night setups."),
    },
    {
        "title": "Export to CSV and Excel", "status": "shipped", "clusters": ["export-csv"], "days_ago": 64,
        "description": "Export any task list, report or timesheet to CSV or Excel.",
        "keywords": ["export", "csv", "excel", "spreadsheet"],
        "release": ("Export anything to CSV and Excel",
                    "Every list view and report now has an **Export** button.\n\n- CSV and .xlsx formats\n"
                    "- Exports respect your current filters and columns\n- Custom fields included\n\n"
                    "Large exports are emailed to you when they are ready."),
    },
    {
        "title": "Two-factor authentication", "status": "shipped", "clusters": ["two-factor"], "days_ago": 41,
        "description": "Authenticator-app 2FA for every account, enforceable by workspace admins.",
        "keywords": ["2fa", "security", "login", "authenticator"],
        "release": ("Two-factor authentication for every plan",
                    "Protect your account with an authenticator app (TOTP).\n\n- Turn it on in *Account → "
                    "Security*\n- Admins can **require** 2FA for the whole workspace\n- Ten recovery codes "
                    "in case you lose your phone"),
    },
    {
        "title": "Recurring tasks", "status": "shipped", "clusters": ["recurring-tasks"], "days_ago": 12,
        "description": "Tasks that repeat daily, weekly, monthly or on a custom schedule.",
        "keywords": ["recurring", "repeat", "schedule", "tasks"],
        "release": ("Recurring tasks",
                    "Set a task to repeat and Northwind creates the next one when you complete it.\n\n- "
                    "Daily, weekly, monthly, yearly or every *n* days\n- \"Last working day of the month\" "
                    "for all the finance teams out there\n- Subtasks and checklists are copied along"),
    },
    {
        "title": "Timeline (Gantt) view", "status": "in_progress", "clusters": ["gantt"], "days_ago": 20,
        "related": ["Task dependencies without a full Gantt", "Start dates on tasks, not only due dates"],
        "description": "A drag-and-drop timeline with dependencies and milestones.",
        "keywords": ["gantt", "timeline", "dependencies", "milestones"],
    },
    {
        "title": "Offline mode for the mobile apps", "status": "in_progress", "clusters": ["offline-mobile"],
        "days_ago": 9,
        "description": "Read and edit tasks without a connection; changes sync when you're back online.",
        "keywords": ["offline", "mobile", "sync"],
    },
    {
        "title": "Slack notifications, reworked", "status": "planned", "clusters": ["slack"], "days_ago": 30,
        "related": ["Mattermost support"],
        "description": "Per-channel Slack notifications and actions right from Slack messages.",
        "keywords": ["slack", "notifications", "chat"],
    },
    {
        "title": "SAML single sign-on", "status": "planned", "clusters": ["sso"], "days_ago": 25,
        "description": "SAML 2.0 SSO with Okta, Azure AD and Google Workspace, plus SCIM provisioning.",
        "keywords": ["sso", "saml", "okta", "azure"],
    },
]

# Duplicate clusters merged by a PM although they belong to no theme yet.
MERGED_WITHOUT_THEME = ["calendar-sync", "time-tracking", "bulk-edit", "comment-mentions"]

PROXY_NOTES = [
    "Raised on the quarterly business review.",
    "Came up in the renewal call — important for them.",
    "Their IT team asked for it during onboarding.",
    "Heard from their head of operations on a support call.",
    "Blocker for rolling out to two more departments.",
    "Mentioned in the churn-risk interview.",
    "",
]

# First lines of the changelog entry written when a single idea ships.
RELEASE_INTROS = [
    "Now available on every plan.",
    "Rolled out to all workspaces this week.",
    "Live on the web app today; the mobile apps follow with the next store update.",
    "A small one, but many of you asked for it.",
    "Available now — no setting to turn on.",
    "Shipped behind the scenes last night; you'll see it the next time you reload.",
    "Out now for everyone.",
    "This one took longer than we hoped, but it's here.",
]
# How the entry recalls the original request: {ask} is the first sentence of the idea.
RELEASE_RECALLS = [
    "You asked: *“{ask}”* Done.",
    "The request that started it: *“{ask}”*",
    "From the idea board: *“{ask}”* Thanks for the push.",
    "*“{ask}”* — now you can.",
]
RELEASE_CLOSINGS = [
    "Thanks to everyone who voted and explained their use case.",
    "Tell us how it works for you in a new idea.",
    "Found a rough edge? Comment on the original idea.",
    "",
]

# Comments that only make sense under one duplicate group, mixed in before the general ones.
TOPIC_COMMENTS = {
    "dark-mode": [
        "Please make sure the charts in reports are readable in dark mode too, not just the task lists.",
        "If you do this, a true black option for OLED phones would be lovely.",
        "Following the OS setting automatically is the important part for me.",
    ],
    "export-csv": [
        "Our accountant needs semicolon-separated CSV (European Excel). Please make the separator configurable.",
        "Would be great if the export kept the same column order as my current view.",
    ],
    "two-factor": [
        "Hardware keys (YubiKey) would be even better than app codes.",
        "Please include backup codes, people lose phones all the time.",
    ],
    "recurring-tasks": [
        "Important detail: the next occurrence should be created from the due date, not from when I completed it.",
        "We'd need 'every second Tuesday' for our sprint reviews.",
    ],
    "gantt": [
        "Critical path highlighting would be the cherry on top.",
        "We'd need to export the timeline as PDF for client meetings.",
        "Dependencies are the key part. Without them it's just a pretty calendar.",
    ],
    "offline-mobile": [
        "Even read-only offline access would already help our field team a lot.",
        "Conflict handling matters: two people editing the same task offline shouldn't lose anything.",
    ],
    "slack": [
        "Per-channel settings please — our #general channel got flooded last week.",
        "Being able to create a task from a Slack message with a shortcut would be amazing.",
    ],
    "sso": [
        "Okta is a must for us, Azure AD nice to have.",
        "Please don't make SSO an enterprise-only feature, small companies need security too.",
    ],
    "time-tracking": [
        "We currently use Toggl next to Northwind and match entries by hand every month.",
        "Billable / non-billable flag per entry is essential for agencies.",
    ],
    "guest-access": [
        "Clients should never see internal comments, that's the main worry.",
        "A branded client view would make us look very professional.",
    ],
}
