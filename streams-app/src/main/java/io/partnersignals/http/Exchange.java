package io.partnersignals.http;

import io.partnersignals.json.JsonRecords;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** One request and its answer on Jetty: what the routes read, and answers that complete it exactly once. */
final class Exchange {

    static final String JSON_TYPE = "application/json";
    static final String HTML_TYPE = "text/html; charset=utf-8";
    static final String TEXT_TYPE = "text/plain; charset=utf-8";
    /**
     * The pages load their style sheet, script and data from this app only, and nothing inline: a value
     * that slipped through escaping still could not run. The score chart is inline SVG styled by classes.
     */
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    static final ObjectMapper JSON = JsonRecords.peerMapper();

    private final Request request;
    private final Response response;
    private final Callback callback;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    Request request() {
        return request;
    }

    String method() {
        return request.getMethod();
    }

    /** HEAD is answered as GET without the body. */
    boolean head() {
        return "HEAD".equals(request.getMethod());
    }

    /** The decoded path with dot segments resolved (Jetty refuses paths that climb above the root). */
    String path() {
        return request.getHttpURI().getCanonicalPath();
    }

    /** The path as sent, still percent-encoded: a partner id may hold an encoded '/'. */
    String rawPath() {
        return request.getHttpURI().getPath();
    }

    String query() {
        return request.getHttpURI().getQuery();
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    String cookies() {
        List<String> all = request.getHeaders().getValuesList(HttpHeader.COOKIE);
        return all.isEmpty() ? null : String.join("; ", all);
    }

    /** The address the connection comes from. */
    String client() {
        return Request.getRemoteAddr(request);
    }

    boolean secure() {
        return request.isSecure();
    }

    boolean committed() {
        return response.isCommitted();
    }

    Exchange header(String name, String value) {
        response.getHeaders().put(name, value);
        return this;
    }

    Exchange addHeader(String name, String value) {
        response.getHeaders().add(name, value);
        return this;
    }

    void json(int status, Object body) {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
        send(status, JSON_TYPE, text);
    }

    void error(int status, String message) {
        json(status, Map.of("error", message));
    }

    void html(int status, String html) {
        header("Content-Security-Policy", PAGE_POLICY);
        // same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with a form post, and
        // the note forms' same-origin check would refuse the application's own page; other sites learn nothing
        header("Referrer-Policy", "same-origin");
        send(status, HTML_TYPE, html);
    }

    /** Scores are confidential: no cache keeps them. HEAD gets the same status and headers, no body. */
    void send(int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        header("Content-Type", contentType);
        header("Cache-Control", "no-store");
        header("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, head() || bytes.length == 0 ? null : ByteBuffer.wrap(bytes), callback);
    }

    /** A style sheet or script of the pages: the same for everyone, so caches may keep it a while. */
    void asset(Assets.Asset asset) {
        response.setStatus(200);
        header("Content-Type", asset.contentType());
        header("Cache-Control", Assets.CACHE_CONTROL);
        header("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, asset.body().length);
        response.write(true, head() ? null : ByteBuffer.wrap(asset.body()), callback);
    }

    /** The answer had begun when something failed: the client sees a cut connection. */
    void fail(Throwable failure) {
        callback.failed(failure);
    }
}
