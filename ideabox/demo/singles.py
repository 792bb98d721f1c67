"""Ideas that stand alone: the long tail of a real feature-request board (same format as corpus.py)."""

SINGLES = """
[*] feature-requests | tasks
Task priorities with colours
  Let us mark tasks as P1/P2/P3 and show a coloured flag on the card.
Start dates on tasks, not only due dates
  A task that takes two weeks should show when work should begin.
Convert a comment into a task
  Often a comment contains an action item. One click should turn it into its own task.
Archive completed tasks automatically after 30 days
  Our boards get cluttered with hundreds of done cards.
Pin important tasks to the top of a list
Estimate tasks in story points
  Not hours — points, for our scrum team.
Task dependencies without a full Gantt
  Just 'blocked by' and 'blocking' links in the task sidebar, with a warning if I try to close a blocked task.
Copy a link to a task with one click
Show task IDs (like NW-123)
  We reference tasks in emails and chat; short IDs would be easier than long URLs.
Add reactions (emoji) to comments
  A thumbs-up is often all I want to say, instead of writing 'ok thanks'.
Snooze a task until a later date
  Hide it from my list until next Tuesday, then bring it back.
Approval step before a task is marked done
  Some deliverables need sign-off from a manager before they count as complete.
Drag and drop files from Outlook into a task
Set a default assignee per list
  Everything in the 'Design' list should go to our designer automatically.
Private tasks in shared projects
  Some personal to-dos should be visible only to me even inside a team project.
Mark a task as 'waiting for client'
  A special state that pauses the due-date reminders.
Limit the number of cards in a column (WIP limits)
  For Kanban, we want a warning when 'In progress' has more than 5 cards.
Swimlanes on the board view
  Group the board rows by assignee or by priority.
Collapse columns on the board
Colour-code cards by project in My Tasks
  When I look at my tasks across projects, I can't tell at a glance which client they belong to.
Show the number of open tasks in the browser tab title
Checklist templates
  Our QA checklist is the same 25 items every release. Save it once and reuse it.
Due time, not just due date
  Some things are due at 2pm, not 'sometime on Thursday'.
Reminders before a due date
  A notification one day before and one hour before, configurable per task.
Task cover images
  Show an image on the card, helpful for our design reviews.
Automation rules (when X then Y)
  We do the same clicks all day. Some rules we'd set up on day one:
  - when a task moves to **Done**, notify the client contact
  - when a task is overdue, move it to *At risk*
  - when a task is assigned to the design team, add the "Design" tag
Card aging: fade cards that haven't moved in weeks
Quick filters: 'assigned to me', 'due this week'
Personal notes on a project
  A scratchpad only I can see.
Follow a project without being a member
Favourite projects in the sidebar
  We have 80 projects; let me star the five I use every day.
Sort My Tasks by project, then by due date
Keep the filter when I come back to a board
  Every time I leave and return, my filters are gone.
Hide weekends in date pickers
Week starts on Monday setting
  The calendar starts on Sunday, which confuses everyone in Europe.
Fiscal year setting for reports and dates
Show who is viewing a task right now
  To avoid two people editing the same description at once.
Real-time collaborative editing of descriptions
  Like Google Docs: see each other's cursor and not overwrite each other's changes.
Polls in comments
  Quick team decisions: 'Friday or Monday for the launch?'
Better onboarding checklist for new users
  New colleagues don't know where to start. A short guided tour would help.
Read receipts on comments
Link tasks across projects
  The same deliverable appears in the client project and our internal project.
Move a task to another workspace
Tasks with multiple due dates (milestones inside a task)
Print a task list
  Yes, people still print. Our site managers want a paper list each morning.
Compact view with more rows on screen
  The list view wastes a lot of space. A dense mode would show twice as many tasks.
Larger default font size option
  Our older staff find the text too small; browser zoom breaks the layout.
Custom statuses per project
  'Draft', 'In review', 'Approved', 'Published' for our content team instead of the fixed ones.
Emoji in project names
Hide completed subtasks
Auto-assign the person who creates the task
Set working days per person for due date calculation
  Part-time colleagues work Monday–Wednesday only.
Allow editing comments after posting
  I make typos. Everyone makes typos. Let me fix them.
Merge two projects into one
Remember the last used list when creating a task
Public holidays calendar per country
  Due dates should skip national holidays in Germany and the UK.

[*] feature-requests | ui
Customisable sidebar
  Let me hide sections I never use, like 'Portfolios'.
Accent colour per workspace
  We have several workspaces and it's easy to post in the wrong one. A different colour each would help.
Upload our company logo
  For client-facing views, our logo instead of the Northwind one.
Full-screen focus mode for a task
Show avatars instead of initials everywhere
Bigger drag handles on cards
  Hard to grab on a laptop trackpad.
Right-click context menu on tasks
  Right-click → assign, move, duplicate, delete. Saves lots of clicks.
Open task in a new browser tab with middle click
  Currently middle-click does nothing because it's not a real link.
Resizable columns in list view
Wrap long task titles on cards instead of cutting them off
Zoom levels on the calendar view
Show task description preview on hover
Reduce motion setting for animations
  The sliding animations make me a bit dizzy.
Screen reader labels for the board
  As a blind user I can't tell which column a card is in when using NVDA.

[*] feature-requests | permissions
Viewer role that can comment but not edit
  Stakeholders should be able to add comments without being able to move or edit tasks.
Restrict who can delete tasks
  Only project admins should be able to delete; everyone else can archive.
Lock a project after it's finished
  Prevent accidental changes to closed projects, but keep them readable.
Team-level permissions instead of per-person
Hide budget fields from non-managers
  Our custom 'rate' field shouldn't be visible to the whole team.
Transfer ownership of all my projects when I leave
Require a reason when closing a task as 'won't do'

[*] feature-requests | billing
Pay by invoice instead of credit card
  Our procurement department cannot use company cards for SaaS.
Monthly billing for the Business plan
  Annual upfront is hard for small teams' cash flow.
Nonprofit discount
  We're a registered charity with 30 volunteers.
See exactly which users are billed as active seats
Pause a workspace during the off-season
  We're a seasonal business (summer festivals); paying in winter hurts.
Cheaper plan for solo freelancers

[*] mobile | ui
Swipe to complete a task
  Swipe right = done, swipe left = snooze, like in mail apps.
Add a task with voice
  Siri/Google Assistant: 'Add buy screws to the site project'.
Scan a document into a task with the camera
  Our crews photograph delivery notes; attaching them as PDFs would be cleaner than photos.
Photo annotations
  Draw circles and arrows on a photo before attaching it, to show what needs fixing.
Apple Watch app
  Just my tasks for today and the ability to check them off.
Share sheet extension
  Share a link or photo from any app straight into a Northwind task.
Landscape mode on phones
Haptic feedback when completing a task
Dark app icon option
Faster app start
  It takes 4–5 seconds to open on my Android phone, by then I've forgotten what I wanted.
The app drains my battery
  Since the last update it's in my top battery users even when I don't open it.
Bigger tap targets for checkboxes
  I keep opening the task instead of ticking it off.
Board view on mobile
  Only the list is available on the phone. I'd like the Kanban columns too, even if I have to scroll sideways.
Location-based reminders
  Remind me of 'pick up keys' when I arrive at the site.
Attach voice memos to tasks
Mobile: edit the task description with formatting
Pull to refresh everywhere
Show due dates in my local time zone when travelling
  I was in New York last week and all my due times were off by six hours.
Quick-switch between workspaces on mobile
NFC tags to check in at a site
  Tap the phone on a tag at a location to log arrival for that task.
Upload videos from the phone
  Short clips explain problems better than text.

[*] integrations | api
Public REST API documentation with examples
  The API exists but the docs are thin. Examples in curl and Python would help.
Webhooks for task events
  Call our URL when a task is created, updated or completed.
Zapier app
Make (Integromat) integration
Personal access tokens with scopes
  I want a read-only token for our dashboard script.
GraphQL API
Higher API rate limits for paying customers
  Our nightly sync hits the limit and fails halfway.
Official Python SDK
Webhook for new comments
  We want to mirror comments into our ticketing system.
API endpoint for time entries

[*] integrations | planning
Google Drive file picker
  Attach Drive files to tasks without downloading and re-uploading them.
Dropbox attachments
OneDrive and SharePoint integration
  Link SharePoint documents to tasks and open them in Office online.
Figma embeds in task descriptions
  Paste a Figma link and see a live preview of the frame.
Loom video embeds
Zoom meeting link on tasks
  Start a Zoom call with the task's assignees from the task itself.
HubSpot integration
  When a deal is won in HubSpot, create a delivery project from a template.
Salesforce opportunity to project
  Sales closes a deal in Salesforce → project appears for delivery.
Xero invoicing from logged hours
  Turn billable time into a draft invoice in Xero.
QuickBooks export of billable hours
Intercom: create task from conversation
Zendesk ticket to task
  Our support team escalates bugs; linking the Zendesk ticket to a Northwind task would close the loop.
Notion import
  We're consolidating our Notion task databases into Northwind.
Trello importer keeps labels and checklists
  The current Trello import drops labels and checklists, which is most of our data.
Asana import
Miro board embed
Typeform: new responses become tasks
Discord notifications
  Our open-source community runs on Discord.
Mattermost support
  Self-hosted chat, Slack-compatible webhooks would probably be enough.
Connect to our Active Directory groups for teams
Export to Google Sheets live
  Not a file, but a sheet that keeps itself updated.
Power BI connector
  Our BI team wants the raw task data in Power BI.
Tableau data source

[*] reporting | export
Dashboard with widgets I choose
  Let me build my own dashboard with charts for overdue tasks, tasks per person and completion rate.
Overdue tasks report across all projects
  One list of everything overdue in the workspace, grouped by project.
Completion rate per project over time
Portfolio overview for management
  One page that shows all active projects with status (on track, at risk, off track) and progress.
Cycle time report
  How long does a task take from 'In progress' to 'Done', on average, per project?
Filter reports by custom field
  We tag projects with a 'region' field and want reports per region.
Share a dashboard with a public link
  For our board members who don't have Northwind accounts.
Export charts as PNG for presentations
Report on tasks completed per person per month
  For performance reviews. (Yes, we know it's not everything, but it helps.)
Project health score
  Automatically flag projects where many tasks are overdue or nobody has touched them in weeks.
Billable vs non-billable hours report
Time report grouped by client
  We have many projects per client and need totals per client for invoicing.
Tasks created vs completed chart
  Are we keeping up or is the backlog growing?
Custom date ranges in reports
  Reports only offer 'this week', 'this month'. We need arbitrary ranges, and quarter-to-date.
Compare this month with last month
Export a project as PDF including comments
  For archiving finished projects in our document management system.
Backup of the whole workspace as a ZIP
Show time logged per task in the list view
Saved report views
  I build the same filtered report every Monday. Let me save it.
Goal tracking (OKRs) linked to projects
  Link projects to company objectives and roll up the progress.
Forecast when a project will finish based on velocity
Risk register per project
Invoice-ready timesheet PDF
Heatmap of activity by day and hour
  When is the team most productive? Mostly curiosity, but useful for scheduling meetings.

[*] enterprise | security
IP allow-listing for Acme
  Acme's security policy requires restricting logins to their office IP ranges and VPN.
Custom data retention policies
  Tyrell wants comments and attachments older than 7 years deleted automatically.
Session timeout configurable by admins
  Initech asked for automatic logout after 30 minutes of inactivity.
Dedicated instance / single-tenant hosting
  Umbrella asked about a single-tenant deployment; procurement question for the next contract.
Bring your own encryption key
  Tyrell's security review asked whether they can manage their own encryption keys.
Uptime SLA of 99.9% in the contract
Domain capture: everyone with @acme.example.com joins the workspace
  Acme has people creating separate free workspaces; they want them consolidated automatically.
Admin API to manage users
  Vandelay's IT wants to script user creation and role changes.
Approval workflow for new guests
  Admins must approve before any external guest is invited (Acme legal requirement).
Disable file attachments for certain projects
  Umbrella handles sensitive logistics data in some projects and wants uploads blocked there.
Separate workspaces per department with shared billing
  Acme wants marketing and engineering in separate workspaces but one invoice.
Legal hold on projects
  Tyrell's legal department needs to freeze deletion of specific projects during litigation.
Quarterly roadmap briefing for top accounts
  Several enterprise customers asked for a recurring roadmap call with product management.
Priority support channel with 1-hour response
Sandbox workspace for testing automations
  Initech wants to try automation rules without touching production projects.
Vendor security questionnaire answers in a trust center
  Sales spends hours on security questionnaires; a public trust page would save time.
"""
