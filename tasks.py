"""Tasks for building, checking and publishing the site, run with `invoke`.

The names follow the tasks.py that `pelican-quickstart` writes, so they will be
familiar: build, rebuild, clean, serve, livereload, preview, publish, gh-pages.
Ours add new-post, new-event, test and audit."""

import os
import shlex
import shutil
import sys
from datetime import datetime
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit
from pelican import main as pelican_main
from pelican.server import RootedHTTPServer

from coproweek.checks.metadata import check_encoding
from sitekit.serve import SiteRequestHandler, livereload_not_found_handler

ROOT = Path(__file__).resolve().parent

SETTINGS_FILE_BASE = "pelicanconf.py"

CONFIG = {
    "settings_base": SETTINGS_FILE_BASE,
    "settings_publish": "publishconf.py",
    "deploy_path": "output",
    # Remote server configuration for `invoke publish` (rsync over SSH).
    "ssh_user": os.environ.get("PUBLISH_SSH_USER", "deploy"),
    "ssh_host": os.environ.get("PUBLISH_SSH_HOST", "localhost"),
    "ssh_port": os.environ.get("PUBLISH_SSH_PORT", "22"),
    "ssh_path": os.environ.get("PUBLISH_SSH_PATH", "/var/www/coproductionweek"),
    "github_pages_branch": "gh-pages",
    "commit_message": f"'Publish site on {datetime.now().date().isoformat()}'",
    "host": "127.0.0.1",
    "port": int(os.environ.get("SITE_PORT", "8000")),
}


def check_settings_file(name):
    """A settings file that is not valid Python stops Pelican with a traceback
    before any plugin runs, so say what is wrong here, in plain words."""
    path = ROOT / name
    raw = path.read_bytes()
    if finding := check_encoding(raw):  # the same check and words as for content files
        line, what, fix = finding
        raise Exit(f"The site was not built: {name}, line {line}: {what}\n    How to fix it: {fix}", code=1)
    try:
        compile(raw.decode("utf-8"), str(path), "exec")
    except SyntaxError as error:
        raise Exit(
            f"The site was not built: {name}, line {error.lineno}: this line is not valid "
            f"({error.msg}).\n    How to fix it: check the quotes, brackets and commas on that "
            "line and the line before; compare it with the lines around it.", code=1)


def pelican_run(arguments):
    """Run Pelican in this process, as quickstart's tasks.py does. A build with
    problems exits non-zero after listing them (see plugins/build_problems)."""
    os.chdir(ROOT)
    settings = shlex.split(arguments)
    check_settings_file(settings[settings.index("-s") + 1])
    pelican_main(settings)


def _debug_flag(debug):
    return " --debug" if debug else ""


@task
def clean(c):
    """Remove the built site."""
    if os.path.isdir(CONFIG["deploy_path"]):
        shutil.rmtree(CONFIG["deploy_path"])


@task(help={"debug": "show Python tracebacks (for the web team)"})
def build(c, debug=False):
    """Build the site into output/ with the local settings."""
    pelican_run(f"-s {CONFIG['settings_base']}{_debug_flag(debug)}")


@task
def rebuild(c):
    """Clean, then build."""
    clean(c)
    build(c)


@task
def regenerate(c):
    """Rebuild automatically whenever a file changes."""
    pelican_run(f"-r -s {CONFIG['settings_base']}")


@task(help={"port": "the port to serve on (default 8000)"})
def serve(c, port=None):
    """Serve output/ at http://127.0.0.1:8000/."""
    port = int(port or CONFIG["port"])

    class AddressReuseTCPServer(RootedHTTPServer):
        allow_reuse_address = True

    server = AddressReuseTCPServer(
        CONFIG["deploy_path"], (CONFIG["host"], port), SiteRequestHandler
    )
    print(f"Serving the site at http://{CONFIG['host']}:{port}/ (press Ctrl+C to stop)")
    server.serve_forever()


@task
def reserve(c):
    """Build, then serve."""
    build(c)
    serve(c)


@task
def preview(c):
    """Build with the production settings (publishconf.py)."""
    pelican_run(f"-s {CONFIG['settings_publish']}")


@task(help={"port": "the port to serve on (default 8000)"})
def livereload(c, port=None):
    """Serve the site and rebuild it, reloading the browser, whenever a file changes.
    Saving a post or page whose body alone changed re-renders just that page and
    says what it skipped (sitekit/preview.py); anything else rebuilds the site."""
    from livereload import Server
    from livereload.watcher import Watcher
    from tornado import ioloop

    from sitekit import preview

    def full_build():
        preview.full_build(lambda: pelican_run(f"-s {CONFIG['settings_base']}"))  # problems are printed

    def content_changed(changed=None):
        message = preview.preview(list(changed or []))
        if message:
            print(message)
        else:
            full_build()

    class PromptWatcher(Watcher):
        """livereload's own watcher, looking every 0.2 s rather than every 0.8 s."""

        def start(self, callback):
            ioloop.PeriodicCallback(callback, 200).start()
            return True

    preview.enable()
    full_build()
    server = Server(watcher=PromptWatcher())
    server.SFH = livereload_not_found_handler()  # missing pages: status 404 and the site's 404.html
    server.watch("content/**/*", content_changed)
    for pattern in ("theme/**/*", "plugins/**/*.py", "coproweek/**/*.py", SETTINGS_FILE_BASE):
        server.watch(pattern, full_build)
    server.serve(host=CONFIG["host"], port=int(port or CONFIG["port"]), root=CONFIG["deploy_path"])


# Where the editor looks for its local backend (pelicanconf.py reads the same).
EDITOR_BACKEND_PORT = int(os.environ.get("EDITOR_BACKEND_PORT", "8081"))


def start_editor_backend():
    """decap-server (pinned in package-lock.json): the editor's local backend,
    which reads and writes content/ in this folder."""
    import subprocess

    server = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
    if not server.is_file():
        raise Exit("The editor's local backend is not installed: run ./scripts/install-test-tools "
                   "(or: npm ci --ignore-scripts), then invoke edit again.")
    environment = {**os.environ, "GIT_REPO_DIRECTORY": str(ROOT), "PORT": str(EDITOR_BACKEND_PORT), "MODE": "fs"}
    return subprocess.Popen(["node", str(server)], env=environment, cwd=ROOT)


@task
def edit(c):
    """Edit in the browser: the editor's local backend and the live-reloading preview."""
    backend = start_editor_backend()
    try:
        print(f"Editor:  http://{CONFIG['host']}:{CONFIG['port']}/admin/ (saves into content/)")
        print(f"Preview: http://{CONFIG['host']}:{CONFIG['port']}/ (rebuilds when a file is saved)")
        print(f"(The editor's local backend listens on http://localhost:{EDITOR_BACKEND_PORT}/api/v1.) "
              "Press Ctrl+C to stop.", flush=True)
        livereload(c)
    finally:
        backend.terminate()
        backend.wait(timeout=10)


@task
def publish(c):
    """Build with production settings and copy to the server with rsync.
    Nothing is published unless the production build (with its audit) succeeds;
    files go to a temporary folder first and replace the live site in one rename."""
    pelican_run(f"-s {CONFIG['settings_publish']}")
    remote = f"{CONFIG['ssh_user']}@{CONFIG['ssh_host']}"
    staging = CONFIG["ssh_path"].rstrip("/") + ".staging"
    previous = CONFIG["ssh_path"].rstrip("/") + ".previous"
    c.run(
        f'rsync --delete --checksum -pthrvz -e "ssh -p {CONFIG["ssh_port"]}" '
        f"{CONFIG['deploy_path'].rstrip('/')}/ {remote}:{staging}/"
    )
    live = CONFIG["ssh_path"].rstrip("/")
    c.run(
        f"ssh -p {CONFIG['ssh_port']} {remote} "
        + shlex.quote(f"rm -rf {previous} && (mv {live} {previous} || true) && mv {staging} {live}")
    )


@task
def gh_pages(c):
    """Build with production settings and push to the gh-pages branch."""
    preview(c)
    c.run(
        f"ghp-import -b {CONFIG['github_pages_branch']} -m {CONFIG['commit_message']} "
        f"{CONFIG['deploy_path']} -p"
    )


def _scaffold(folder, title, make_text):
    from sitekit.scaffold import slug_for, write_new_file

    try:
        slug = slug_for(title)
        path = write_new_file(str(ROOT / "content" / folder), slug, make_text(title, datetime.now()))
    except FileExistsError:
        raise Exit(f"content/{folder}/{slug}.md already exists: choose another title or edit that file.")
    except ValueError as error:
        raise Exit(f"Could not create the file: {error}")
    print(f"Created {os.path.relpath(path, ROOT)}: open it, fill in the details and write. It is a draft: "
          "only your own computer shows it until you change its status line.")


@task(help={"title": "the post's title, in quotes"})
def new_post(c, title):
    """Start a new blog post: invoke new-post "My title"."""
    from sitekit.scaffold import post_template

    _scaffold("blog", title, post_template)


@task(help={"title": "the event's title, in quotes"})
def new_event(c, title):
    """Start a new event: invoke new-event "My event"."""
    from coproweek.events.scaffold import event_template

    _scaffold("events", title, event_template)


@task(help={"path": "folder of built HTML to audit (default: output/)",
            "site_url": "the site's own address, for a production build whose links are absolute"})
def audit(c, path=None, json=None, html=None, baseline=None, site_url=None):
    """Audit alt text, link and button names and colour contrast of a folder of HTML: invoke audit --path DIR."""
    options = [f"--path {shlex.quote(path or CONFIG['deploy_path'])}"]
    options += [f"--{name} {shlex.quote(value)}" for name, value in
                (("json", json), ("html", html), ("baseline", baseline), ("site-url", site_url)) if value]
    c.run(f"{shlex.quote(sys.executable)} -m coproweek.audit {' '.join(options)}", pty=False)


@task
def test(c):
    """Run the whole test suite (what scripts/test runs after installing tools)."""
    c.run(f"{shlex.quote(sys.executable)} -m pytest", pty=False)
