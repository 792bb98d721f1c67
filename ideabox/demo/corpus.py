"""Groups of genuine duplicates: one need, asked for by different people in their own words.

Format: `[cluster-key] board | tags` opens a group; an unindented line is an idea title
(`@board` in front moves it to another board); indented lines are its body paragraphs.
"""

CLUSTERS = """
[dark-mode] feature-requests | ui, accessibility
Dark mode
  Would love a dark theme for the web app. I work late and the bright white background is painful after a few hours.
@mobile my eyes hurt at night, can the app go dark?
  I check my tasks in bed (I know, I know) and the app is like a flashlight in my face. Android has system dark mode, please follow it.
Night theme please!!
Darkmode
Option for a dark colour scheme
  Our developers all use dark IDEs and switching to Northwind feels like being blinded. Could we get a dark UI? Even a simple inverted palette would do.
Support OS dark appearance setting
  macOS and Windows both have a dark appearance now. It would be great if Northwind followed the system setting automatically.
@mobile Dark theme on iOS
  Everything else on my iPhone is dark except your app.

[export-csv] reporting | export
Export tasks to CSV
  I need to get all tasks of a project into a spreadsheet for our monthly client report. Right now I copy-paste row by row.
Excel export of reports
  The reports look nice but our finance team only works in Excel. Please add an .xlsx download button.
Download my data as a spreadsheet
exprot to csv??
  cant find any way to export the task list. am i missing something
@feature-requests Let me download the task list as a file
  I'd like to export a project's tasks to a spreadsheet, with the custom fields (budget, client, phase) included, otherwise the file is useless for us.
Export timesheet entries to Excel for payroll

[two-factor] integrations | security
Two-factor authentication (2FA)
  We need 2FA with an authenticator app for security compliance. Passwords alone don't pass our audit.
Add 2 step verification for logins
  A code from my phone on top of the password, like my bank does. Makes the accounts much harder to hack.
@enterprise Acme security team requires MFA for all SaaS tools
  Their CISO said this is mandatory before they extend the contract to the rest of the company.
Please support Google Authenticator / TOTP codes
  SMS is fine too but TOTP would be better.
Enforce MFA for everyone in our workspace
  As an admin I want to force all members to set up a second factor.

[recurring-tasks] feature-requests | tasks
Recurring tasks
  Some tasks happen every week (send invoice, backup check). I want to create them once and have them repeat.
Repeat a task every month
  e.g. 'pay rent' on the 1st of every month
tasks that come back automatically after I finish them
  When I tick off "water the office plants" it should reappear next Monday without me re-creating it.
Scheduled / repeating to-dos
Recurring task on the last working day of the month
  Month-end closing is always on the last business day, not the 30th or 31st. Please support that rule.
@mobile Can't set a task to repeat in the mobile app
  We do weekly site inspections and I have to re-create the task every week. Please let tasks recur automatically, on mobile and web.

[gantt] feature-requests | planning
Gantt chart view
  We plan construction projects with lots of phases and we really need a Gantt chart to see how everything lines up over time.
Timeline view for projects
  A horizontal timeline where I can drag tasks to change their dates would make planning so much easier.
Visual project schedule with dependencies
  Show tasks as bars on a calendar-like timeline and draw arrows between tasks that depend on each other.
GANTT!!!
  Seriously, the only reason we still have MS Project licenses.
Roadmap timeline with milestones
  I'd like to see milestones as diamonds on a timeline and the tasks leading to them as bars, like every PM tool since 1995 :)
@reporting Printable timeline for client meetings
  Clients want to see the plan on one page with bars per phase. A timeline I can export to PDF would be perfect.
Drag task bars to reschedule them
  When a phase slips, I want to drag it right and see the following tasks move along.

[offline-mobile] mobile | performance
Offline mode
  I'm often on sites with no signal (basements, trains). The app just shows a spinner. Please let me work offline and sync later.
Use the app without internet connection
Access tasks when I'm on a plane
  Long flights are when I finally have time to plan, but the app shows nothing without wifi.
Offline sync for field workers
  Our technicians fill checklists in buildings with no reception. Right now they write on paper and type it in later. Please cache projects on the phone and sync when back online.
app is useless without signal
  cant even read my own task list in the subway

[slack] integrations | notifications
Slack integration
  Post a message in a Slack channel when tasks are created or completed in a project.
Send notifications to Slack instead of email
  My team lives in Slack. Nobody reads the email notifications.
Choose which Slack channel gets updates per project
  Right now everything goes to one channel and it's way too noisy. Each project should map to its own channel.
Complete a task from Slack
  When the Slack bot posts a task, let me mark it done or assign it with a button right in Slack.
slack notifs are too noisy
  Every little change is posted. I just want new comments and due-date changes.
Slack: get a DM when I'm assigned a task

[sso] integrations | security, permissions
SAML SSO
  Single sign-on: log in with our company identity provider instead of separate Northwind passwords.
@enterprise Initech wants login with Okta
  Their IT department only allows tools that support Okta single sign-on.
Azure AD / Microsoft Entra single sign-on
  We're a Microsoft shop. Users should sign in with their work account and be removed automatically when they leave.
Sign in with Google Workspace accounts
@enterprise Umbrella needs SCIM user provisioning with SSO
  They want single sign-on through their identity provider, and users created and removed automatically: they onboard and offboard 50+ people a month.

[calendar-sync] integrations | planning
Google Calendar sync
  Show tasks with due dates in my Google Calendar.
Sync due dates with Outlook calendar
  We use Outlook for everything. I want my Northwind deadlines to appear there next to my meetings.
iCal feed for my tasks
  A simple subscribable iCal/ICS URL would be enough, works with every calendar app.
@mobile See my tasks in the phone's calendar app
Two-way calendar integration
  If I move the event in Google Calendar, the task's due date should change too.

[time-tracking] reporting | time-tracking
Built-in time tracking
  Let us start/stop a timer on a task so we can see how long things actually take.
Timer on tasks
  Just a play button on each task, that's all I need.
Log hours against tasks for client billing
  We bill clients by the hour and need to track time per task. Today we track time in a separate tool and match it up by hand every month — painful and error-prone.
@mobile Start a timer from my phone
  I'm rarely at my desk, I need to track time on the go.
Time tracking & timesheets
Track how long each task took
  Estimates vs actuals would make our planning much better.
time tracking pls

[bulk-edit] feature-requests | tasks
Bulk edit tasks
  Select several tasks and change assignee, due date or status at once.
Move many tasks to another project in one go
  When we reorganise projects I have to move 60 tasks one by one.
Multi-select in list view
  Shift-click to select a range of tasks, then apply an action to all of them.
Change the due date of multiple tasks at once
  When a deadline moves, updating 30 tasks individually takes forever.

[comment-mentions] feature-requests | notifications
@mention people in comments
  I want to type @name in a comment so my colleague gets notified.
Tag a teammate in a comment
Notify someone when I mention them
  Right now I write their name and then send them a chat message too, because they don't get notified.
@mobile Mentions in mobile comments
  Typing @ in the app should open a list of people like it does on the web.

[keyboard-shortcuts] feature-requests | ui, accessibility
Keyboard shortcuts
  Power users need shortcuts: n for new task, / for search, j/k to move up and down.
More hotkeys please
  I hate reaching for the mouse. Let me complete a task with a key press.
Shortcut to create a new task from anywhere
Keyboard navigation for the board view
  For accessibility: I can't use a mouse well, and moving cards between columns is impossible with the keyboard.

[subtasks] feature-requests | tasks
Subtasks
  Break a big task into smaller ones that belong to it.
Nested tasks / sub-items
  A task with child tasks that each have their own assignee and due date.
Checklist items inside a task
  Simple checkboxes inside a task description would already help a lot.
Multiple levels of subtasks
  We need sub-subtasks for complex deliverables (deliverable > work package > task).
sub tasks
  like in asana

[custom-fields] feature-requests | tasks
Custom fields on tasks
  We need extra fields like budget, client name and priority score on every task.
Add my own fields (dropdown, number, date)
Custom properties per project
  Different projects need different fields:
  - marketing wants `channel` and `campaign`
  - engineering wants `story points`
  - the agency side wants `client` and `billable`
Custom field for cost estimate
  Let me add my own number field to tasks, so we can sum up the estimated cost of a project phase.

[jira] integrations | api
Jira integration
  Link Northwind tasks to Jira issues so engineering and the business can see the same status.
Sync status with Jira tickets
  When the developers close the Jira issue, the Northwind task should be completed automatically.
Import projects from Jira
  We want to move off Jira for non-engineering teams, an importer would make that easy.

[github] integrations | api
GitHub integration
  Show linked pull requests on a task.
Close tasks when a PR is merged
  Connect GitHub: if the pull request description mentions the task ID, close the task when it merges.
GitLab support
  Same as the GitHub request, but we're on self-hosted GitLab.
Link commits to tasks
  Show the GitHub or GitLab commits that mention a task right on the task page.

[ms-teams] integrations | notifications
Microsoft Teams integration
  We don't use Slack, we use Teams. Please post updates to Teams channels.
Teams notifications
Northwind tab inside Microsoft Teams
  Being able to open a project board as a tab in a Teams channel would bring our whole company on board.

[email-to-task] feature-requests | tasks
Create tasks by email
  Forward an email to a project address and it becomes a task with the email as the description.
Forward customer emails into a project
  Our support requests come by email. I'd like to forward them into Northwind instead of copying text.
Email-in address per project
Outlook add-in to turn an email into a task
  One click in Outlook: 'Send to Northwind'.

[project-templates] feature-requests | planning
Project templates
  We run the same onboarding project for every new client. Let me save a project as a template.
Duplicate a project with all its tasks
  Copy a project including task lists, descriptions and relative due dates, so it works as a template for the next client.
Template library for common workflows
  Event planning, product launch, hiring… starting from a blank board every time is slow.
Save board as template

[guest-access] feature-requests | permissions
Guest access for clients
  Invite clients to one project so they can see progress and comment, without seeing our other work.
Share a project with external people
  Freelancers and clients need access to a single project only.
Read-only link to a project
  A public or password-protected link that shows the board without needing an account.
Client portal
  Our clients keep emailing for status updates. A limited view just for them would stop that.
Free guest seats
  Paying a full seat for a client who looks at the board twice a month is too expensive.
external collaborators should only see their tasks

[home-widget] mobile | ui
Home screen widget
  An iOS widget showing my tasks due today.
Android widget for today's tasks
Widget with quick-add button
  A widget where I can tap + and add a task without opening the app.

[push-settings] mobile | notifications
Control which push notifications I get
  I get a push for every comment in every project. I only care about assignments and mentions.
Too many notifications on my phone
  I've turned off notifications entirely because there were too many. Now I miss important stuff.
Quiet hours for push notifications
  No pushes between 8pm and 7am please, unless it's urgent.
Mute a project on mobile
  Let me mute push notifications for the busy 'General' project on my phone but keep the others.

[workload] reporting | planning
Workload view per person
  See how many tasks/hours each team member has per week so we can spot who's overloaded.
Resource planning
  We need capacity planning across projects: how much work does each person have, and who is free next month?
Team capacity chart
See who has too much on their plate
  As a team lead I want a quick view of everyone's open tasks this week.

[burndown] reporting | planning
Burndown chart
  For our sprints we'd love a burndown chart based on completed tasks per day.
Sprint velocity report
  How many tasks did we finish per sprint over the last 6 sprints?
burn down chart for sprints pls
  remaining tasks per day vs the ideal line, like jira has

[audit-log] enterprise | security
Audit log of user actions
  Who deleted this task? Who changed the permissions? Acme's compliance team wants a full audit trail.
Admin activity log export
  Tyrell needs to export a log of logins and permission changes for their yearly SOC 2 audit.
@feature-requests Log of who changed what in the workspace
  For compliance we need to see which user deleted or changed things and when, and export that log for auditors.
@feature-requests Audit trail for admin actions
  Track permission changes, user removals and deleted projects with who/when. Required by our ISO 27001 auditor.

[data-residency] enterprise | security
EU data residency
  Umbrella's legal team requires all data to be stored in the EU.
Host our data in Germany
  German public sector customers need data hosted in Germany, GDPR is not enough for them.

[markdown] feature-requests | ui
Markdown support in task descriptions
  Let me use **bold**, lists and code blocks in descriptions.
Rich text editor
  Formatting in task descriptions: headings, bold, bullet points, links — the plain text box is very limiting.
Code blocks with syntax highlighting in comments
  We paste SQL and config snippets all day. Monospace + highlighting would help.
Formatting in comments (bold, lists)

[trash] feature-requests | tasks
Undo delete / trash bin
  I accidentally deleted a task list yesterday and there's no way to get it back.
Restore deleted tasks
  A trash with 30 days of deleted items like Google Drive would be great.
Recycle bin for projects
oops i deleted a whole project
  Please tell me there's a way to recover it. If not, please add one so this never happens to anyone else.

[search] feature-requests | performance
Search inside comments
  Search only looks at titles. Half the information is in comments.
Better search
  Search is slow and doesn't find partial words.
Search in attachments (PDF content)
  We attach specs as PDFs; full-text search inside them would be amazing.
Filter search results by project and assignee
@mobile search on mobile doesnt find older tasks

[multiple-assignees] feature-requests | tasks
Multiple assignees per task
  Some tasks are done by two people together. We can only assign one.
Assign a task to more than one person
Co-owners on tasks
  Pair work is common for us. Assigning one person and adding the other as follower isn't the same.

[localization] feature-requests | ui
German translation
  Many of our warehouse staff don't speak English. A German interface would help adoption.
App in French please
Support more languages (Spanish, Portuguese)
  We're expanding to Latin America, the team would love the interface in their language.
@mobile Mobile app should follow phone language
  My phone is in Dutch but the app is always English.

[email-digest] feature-requests | notifications
Daily summary email
  One email every morning with what's due today and what changed yesterday, instead of 40 separate emails.
Weekly digest of project activity
  One summary email per week instead of separate notification emails, for managers who don't log in every day.
Batch notifications into one email
  Let me choose 'hourly digest' instead of instant emails.

[tablet] mobile | ui
iPad app
  The iPhone app blown up on the iPad looks bad. Please make a proper tablet layout.
Tablet layout for Android
Split view / landscape support on iPad
  We use iPads on the shop floor, landscape mode with the board would be perfect.

[biometric-login] mobile | security
Face ID login
  Typing my long password on the phone every time is annoying. Let me unlock with Face ID.
Fingerprint unlock on Android
Stay logged in on mobile
  The app logs me out every few days and I have to find my password again.

[scheduled-reports] reporting | export
Schedule reports by email
  Send the weekly project status report to stakeholders every Monday at 9am automatically.
Automatic weekly PDF report to clients
  Our clients want a status PDF every week. We build it manually from screenshots.
Email dashboard snapshot every week
  Automatically send the reporting dashboard to my boss by email each Monday.

[budget] reporting | billing
Project budget tracking
  Set a budget per project and see spend vs budget as hours are logged.
Budget vs actual report
  Finance wants to see, per project, planned cost against actual cost.
Alert when a project goes over budget
"""
