"""The admin's backup page: download the whole site as one file, and how to restore or move it."""
import tempfile
from datetime import datetime, timezone

from flask import render_template, send_file
from flask_login import current_user

from ideabox.admin.audit import record_event
from ideabox.admin.blueprint import admin_required, bp
from ideabox.backup.create import write_backup
from ideabox.extensions import db, limiter

BACKUP_RATE_LIMIT = "10 per hour"  # each download reads every table
IN_MEMORY_BYTES = 32 * 1024 * 1024  # larger backups spill to a temporary file


@bp.route("/backup")
@admin_required
def backup():
    """What a backup holds, the download button, and the commands for nightly backups and restores."""
    return render_template("admin/backup.html", database=db.engine.dialect.name)


@bp.route("/backup", methods=["POST"])
@admin_required
@limiter.limit(BACKUP_RATE_LIMIT)
def download_backup():
    """Send a backup of every table, read from one snapshot, and put the download on the audit log."""
    file = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)
    manifest = write_backup(db.engine, file)
    size = file.tell()
    file.seek(0)
    admin = current_user._get_current_object()
    record_event(admin, "site.backed_up", admin, rows=manifest.row_count, bytes=size)
    db.session.commit()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    return send_file(file, mimetype="application/zip", as_attachment=True, download_name=f"ideabox-{stamp}.zip",
                     max_age=0)
