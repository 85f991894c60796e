"""Browser sign-in for people: flask-login on top of server-side sessions (services.sign_in),
CSRF on every state-changing request that a cookie authenticates, and the sign-in, sign-out
and password pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask.wrappers import Request, Response
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
from werkzeug.middleware.proxy_fix import ProxyFix

from queue_server.domain.access import Principal
from queue_server.domain.errors import QueueError, RateLimited
from queue_server.services import sign_in as sign_in_service
from queue_server.settings.site import secure_cookies_for

blueprint = Blueprint("sessions", __name__)
login_manager = LoginManager()
csrf = CSRFProtect()

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# asked by screens that have no credentials at all yet: nothing a forged request could abuse
CSRF_EXEMPT = {"api.request_pairing_post"}
# a session holding a one-time password may only replace it or leave
WHILE_PASSWORD_CHANGE = {"sessions.login", "sessions.logout", "sessions.password"}
STAFF_PAGES = {"console", "admin", "admin_hall"}  # blueprints that send such a session away
CHANGE_NOTICE = "Kata sandi sementara: buat kata sandi baru sebelum melanjutkan."
CHANGE_NOTICE_EN = "Temporary password: choose a new password before you continue."


class SignedInUser(UserMixin):
    """flask-login's user: its id is the browser session id, not the account id, so one
    account's sessions can be ended one by one."""

    def __init__(self, session_id: str, principal: Principal) -> None:
        self.session_id = session_id
        self.principal = principal

    def get_id(self) -> str:
        return self.session_id


def _hall():
    return current_app.extensions["loket"].hall


@login_manager.user_loader
def load_user(session_id: str) -> SignedInUser | None:
    principal = sign_in_service.principal_for_session(_hall(), session_id)
    return SignedInUser(session_id, principal) if principal else None


def session_principal() -> Principal | None:
    user = current_user
    return user.principal if user and user.is_authenticated else None


def authorising_session_principal() -> Principal | None:
    """Who the session lets act (API calls, sockets): nobody while it holds a one-time
    password."""
    principal = session_principal()
    return None if principal is None or principal.must_change_password else principal


def _behind_proxies(app: Flask) -> None:
    """Secure cookies when the hall is reached over https, and, behind a TLS reverse
    proxy ([server] trusted_proxies), the client's address and scheme from the headers
    that proxy sets, so every per-address limit counts the real client. Without it those
    headers are ignored: anyone can send them."""
    settings = app.extensions["loket"].hall.settings
    secure = secure_cookies_for(settings.server, settings.site)
    # the CSRF token lives in the session cookie; flask-login's remember cookie is unused
    # but would carry the flag too
    app.config.update(SESSION_COOKIE_SECURE=secure, REMEMBER_COOKIE_SECURE=secure,
                      REMEMBER_COOKIE_HTTPONLY=True)
    hops = settings.server.trusted_proxies
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops,  # type: ignore[method-assign]
                                x_host=hops, x_port=hops)


class _CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie session; a request with no session cookie (a kiosk, a TV, a
    phone, a client with a token) gets its empty session without building the signing
    serializer first, which showed in the profile of every ticket issued."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        # an empty session nobody changed sets and deletes no cookie: Flask's own answer,
        # without first working out the cookie's name, domain, path and flags
        if not session and not session.modified:
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


def install(app: Flask) -> None:
    _behind_proxies(app)
    app.session_interface = _CookieSessions()
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)  # checked below, cookie requests only
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # a console stays open all day
    app.config.setdefault("WTF_CSRF_HEADERS", ["X-CSRFToken", "X-CSRF-Token"])
    login_manager.init_app(app)
    login_manager.login_view = "sessions.login"
    login_manager.login_message = None
    csrf.init_app(app)
    app.extensions["loket"].session_principal = authorising_session_principal

    @app.before_request
    def protect_cookie_requests() -> None:
        # A bearer token cannot be sent by another site; a cookie can. So a state-changing
        # request that a signed-in session would authenticate, and every form of the
        # staff pages (sign-in included), must carry the CSRF token. An API call with
        # neither a token nor a session is simply anonymous (and refused where it matters).
        if request.method not in STATE_CHANGING or "Authorization" in request.headers \
                or request.endpoint in CSRF_EXEMPT:
            return
        if "_user_id" in session or request.blueprint in ("sessions", "console"):
            csrf.protect()

    @app.before_request
    def hold_for_new_password():
        # After signing in with a one-time password nothing but changing it works: the API
        # says so with its own code, staff pages send the browser to the password page.
        if "Authorization" in request.headers or request.endpoint in WHILE_PASSWORD_CHANGE \
                or request.blueprint not in STAFF_PAGES | {"api"} or "_user_id" not in session:
            return None
        principal = session_principal()
        if principal is None or not principal.must_change_password:
            return None
        if request.blueprint == "api":
            from queue_server.web.errors import envelope

            return envelope(403, "password_change_required", CHANGE_NOTICE)
        wanted = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("sessions.password", next=wanted), code=303)

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        from queue_server.web.errors import envelope

        return envelope(403, "csrf_failed", "Token keamanan formulir hilang atau salah; "
                        "muat ulang halaman lalu coba lagi.")

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {"csrf_token": generate_csrf, "principal": session_principal()}

    app.register_blueprint(blueprint)


def _safe_next(target: str | None) -> str:
    """Only local paths: a sign-in link must not send an officer to another site."""
    if target and target.startswith("/") and not target.startswith("//") and \
            not urlsplit(target).netloc:
        return target
    return url_for("console.counter_page")


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    site = _hall().settings.site
    error = None
    status = 200
    retry_after: int | None = None
    if request.method == "POST":
        name = request.form.get("name", "")
        try:
            signed = sign_in_service.sign_in(
                _hall(), name, request.form.get("password", ""),
                ip=request.remote_addr, user_agent=request.headers.get("User-Agent"))
        except RateLimited as exc:
            error, status = exc.message, 429
            retry_after = exc.retry_after
        except QueueError as exc:
            error, status = exc.message, 401
        else:
            # a fresh session: nothing from before sign-in survives (no fixation)
            session.clear()
            login_user(SignedInUser(signed.session_id, signed.principal))
            target = _safe_next(request.args.get("next"))
            if signed.principal.must_change_password:
                return redirect(url_for("sessions.password", next=target))
            return redirect(target)
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    return render_template("login.html", site=site, error=error,
                           name=request.form.get("name", "")), status, headers


@blueprint.post("/logout")
def logout():
    user = current_user
    if user and user.is_authenticated:
        sign_in_service.sign_out(_hall(), user.session_id, user.principal)
    logout_user()
    session.clear()
    return redirect(url_for("sessions.login"))


@blueprint.route("/account/password", methods=["GET", "POST"])
def password():
    user = current_user
    if not user or not user.is_authenticated:
        return login_manager.unauthorized()
    site = _hall().settings.site
    message = error = None
    status = 200
    forced = user.principal.must_change_password
    if request.method == "POST":
        try:
            sign_in_service.change_password(
                _hall(), user.principal, user.session_id, request.form.get("current", ""),
                request.form.get("new", ""), request.form.get("repeat", ""))
        except QueueError as exc:
            error, status = exc.message, 400
        else:
            if forced:  # on to where the user was going when the page stopped them
                return redirect(_safe_next(request.args.get("next")), code=303)
            message = "Kata sandi diganti. Sesi di perangkat lain sudah diakhiri."
    notice = (CHANGE_NOTICE, CHANGE_NOTICE_EN) if forced else None
    return render_template("password.html", site=site, error=error, message=message,
                           notice=notice), status
