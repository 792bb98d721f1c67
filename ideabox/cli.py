"""Register every area's CLI commands on `flask --app ideabox …`."""


def register_commands(app):
    from ideabox.auth.cli import commands as auth_commands
    from ideabox.backup.cli import commands as backup_commands
    from ideabox.demo.cli import commands as demo_commands
    from ideabox.imports.cli import commands as import_commands
    from ideabox.notifications.cli import commands as notification_commands
    from ideabox.people.cli import commands as people_commands
    from ideabox.triage.cli import commands as triage_commands
    from ideabox.webhooks.cli import commands as webhook_commands

    for command in [*auth_commands, *backup_commands, *demo_commands, *import_commands, *notification_commands,
                    *people_commands, *triage_commands, *webhook_commands]:
        app.cli.add_command(command)
