package io.partnersignals.http;

import static io.partnersignals.http.HtmlText.escape;

/** The small pages: sign-in, not ready, too many attempts, not found, a refused form. */
final class StatusPages {

    private StatusPages() {
    }

    /** Where to go after signing in: a path of this app only, never another site ("//host", "/\\host"). */
    private static final java.util.regex.Pattern NEXT = java.util.regex.Pattern.compile("/(?![/\\\\])[A-Za-z0-9._~%/?=&+-]*");

    /** {@code next} when it is a path of this app, else "/". */
    static String next(String next) {
        return next != null && next.length() <= 1000 && NEXT.matcher(next).matches() ? next : "/";
    }

    static String login(boolean wrongToken) {
        return login(wrongToken, "/");
    }

    /** {@code next}: where the form leads after signing in (already checked by {@link #next}). */
    static String login(boolean wrongToken, String next) {
        String main = "<h1>Partner risk</h1>\n"
                + (wrongToken ? "<p class=\"warn\" role=\"alert\">That token is not right.</p>\n" : "")
                + "<form id=\"login\" method=\"post\" action=\"/login\">\n<input type=\"hidden\" name=\"next\" value=\""
                + escape(next(next)) + "\">\n"
                + """
                <p><label for="token">Access token</label>
                <input id="token" type="password" name="token" autocomplete="current-password" required autofocus></p>
                <p><button type="submit">Show scores</button></p>
                </form>
                """;
        return Layout.page("Partner risk: sign in", main, null, false, null);
    }

    /** Reloads every 5 seconds: the instance is rebalancing or starting. */
    static String notReady(String message) {
        return Layout.page("Partner risk: not ready", "<h1>Partner risk</h1>\n<p class=\"warn\" role=\"status\">"
                + escape(message) + " Trying again in 5 seconds.</p>\n", null, true, null);
    }

    /** No refresh: reloading would only prolong the wait. */
    static String tooManyAttempts(String message) {
        return Layout.page("Partner risk: too many attempts", "<h1>Partner risk</h1>\n<p class=\"warn\" role=\"alert\">"
                + escape(message) + ".</p>\n", null, false, null);
    }

    static String notFound(String what) {
        return Layout.page("Partner risk: not found", "<h1>Not found</h1>\n<p>" + escape(what)
                + "</p>\n<p><a href=\"/\">All partners</a></p>\n", null, false, null);
    }

    /** A note the form sent was not saved: the reason and the way back to the partner. */
    static String noteRefused(String partnerId, String message) {
        return Layout.page("Note not saved", "<h1>Note not saved</h1>\n<p class=\"warn\" role=\"alert\">"
                + escape(message) + "</p>\n<p><a href=\"" + escape(Layout.partnerHref(partnerId)) + "\">Back to "
                + escape(partnerId) + "</a></p>\n", null, false, null);
    }
}
