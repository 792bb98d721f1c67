"""Moderation: anyone signed in reports an idea or a comment that does not belong; PMs and admins work through
the reports in one queue, where they keep the content, hide the comment or withdraw the idea. A comment enough
different people reported hides by itself until they decide (auto_hide)."""
