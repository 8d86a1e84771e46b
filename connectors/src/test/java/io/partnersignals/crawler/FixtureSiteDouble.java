package io.partnersignals.crawler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Test double: a partner's web site on 127.0.0.1, served from src/test/resources/site ({@code {{port}}}
 * in a page becomes the server's port) plus a few answers that files cannot give: 410, 500, redirects,
 * a 1 MiB page sent chunked. It records every request with its Host, path and arrival time, and a
 * page can be replaced while it runs.
 */
public final class FixtureSiteDouble implements AutoCloseable {

    public record Request(String host, String path, long arrivedNanos) {}

    /** Size of /big.html: a link to us at the start, a mention of us at the end. */
    static final int BIG_PAGE_BYTES = 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> replaced = new ConcurrentHashMap<>();

    private FixtureSiteDouble() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static FixtureSiteDouble start() {
        try {
            return new FixtureSiteDouble();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String host, String path) {
        return "http://" + host + ":" + port() + path;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The paths asked of {@code host}, in order. */
    List<String> paths(String host) {
        return requests.stream().filter(r -> r.host().equals(host)).map(Request::path).toList();
    }

    void replace(String path, String html) {
        replaced.put(path, html);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        String host = String.valueOf(exchange.getRequestHeaders().getFirst("Host")).replaceFirst(":\\d+$", "");
        String path = exchange.getRequestURI().getRawPath();
        requests.add(new Request(host, path, arrived));
        try (exchange) {
            switch (path) {
                case "/gone.html" -> send(exchange, 410, "text/html", "<html><body>Gone</body></html>");
                case "/error.html" -> send(exchange, 500, "text/html", "<html><body>Oops</body></html>");
                case "/moved.html" -> redirect(exchange, "/moved/target.html");
                case "/away.html" -> redirect(exchange, url("elsewhere.test", "/"));
                case "/intranet.html" -> redirect(exchange, url("intranet.acme.test", "/admin"));
                case "/big.html" -> sendBig(exchange);
                default -> {
                    if (path.startsWith("/redirect/")) { // an endless chain: /redirect/1 -> /redirect/2 -> ...
                        redirect(exchange, "/redirect/" + (Integer.parseInt(path.substring(10)) + 1));
                    } else if (replaced.containsKey(path)) {
                        send(exchange, 200, "text/html; charset=UTF-8", replaced.get(path));
                    } else {
                        sendFile(exchange, path);
                    }
                }
            }
        } catch (IOException e) {
            // the crawler hung up (the size cap): nothing to do
        }
    }

    private void sendFile(HttpExchange exchange, String path) throws IOException {
        if (path.contains("..")) {
            send(exchange, 400, "text/plain", "bad path");
            return;
        }
        try (InputStream in = getClass().getResourceAsStream("/site" + (path.endsWith("/") ? path + "index.html" : path))) {
            if (in == null) {
                send(exchange, 404, "text/html", "<html><body>Not found</body></html>");
                return;
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{port}}", String.valueOf(port()));
            String type = path.endsWith(".txt") ? "text/plain; charset=UTF-8" : "text/html; charset=UTF-8";
            send(exchange, 200, type, text);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private static void sendBig(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
        exchange.sendResponseHeaders(200, 0); // chunked
        OutputStream out = exchange.getResponseBody();
        out.write("<html><head><title>Big</title></head><body><a href=\"https://scalableinformatics.com/\">us</a><p>"
                .getBytes(StandardCharsets.UTF_8));
        byte[] filler = "lorem ipsum dolor sit amet ".repeat(40).getBytes(StandardCharsets.UTF_8);
        int written = 0;
        while (written < BIG_PAGE_BYTES) {
            out.write(filler);
            written += filler.length;
        }
        out.write("</p><p>Scalable Informatics</p></body></html>".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
