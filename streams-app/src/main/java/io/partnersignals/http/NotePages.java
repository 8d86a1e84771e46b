package io.partnersignals.http;

import org.eclipse.jetty.util.URIUtil;

/** The small pages the note form gets back when a note is refused: the reason and a link back to the partner. */
final class NotePages {

    private NotePages() {
    }

    static String refused(String partnerId, String message) {
        String back = "/partners/" + URIUtil.encodePath(partnerId).replace("/", "%2F");
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>Note not saved</title></head><body><main>"
                + "<h1>Note not saved</h1><p class=\"error\" role=\"alert\">" + RiskPage.escape(message) + "</p>"
                + "<p><a href=\"" + RiskPage.escape(back) + "\">Back to " + RiskPage.escape(partnerId) + "</a></p>"
                + "</main></body></html>\n";
    }
}
