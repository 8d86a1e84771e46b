package io.partnersignals.crawler;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET, no redirects followed. A small client of its own rather than the JDK's, because
 * it must connect to the address the {@link AddressGuard} vetted (not resolve the host again), stop
 * reading at the size cap, and hold one deadline for the whole exchange.
 */
public final class PageFetcher {

    /** The answer to one GET; the body only of 2xx answers, at most the size cap. */
    public record Response(URI url, int status, String contentType, String location, byte[] body, boolean truncated) {

        private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");

        public boolean isRedirect() {
            return (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) && location != null;
        }

        /** HTML, or no content type at all (then the parser decides). */
        public boolean isHtml() {
            String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
            return type.isEmpty() || type.startsWith("text/html") || type.startsWith("application/xhtml+xml");
        }

        /** The charset named in the Content-Type, or null. */
        public String charset() {
            Matcher m = contentType == null ? null : CHARSET.matcher(contentType);
            return m != null && m.find() ? m.group(1) : null;
        }
    }

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final AddressGuard guard;
    private final String userAgent;
    private final Duration timeout;
    private final int maxBytes;
    private final SSLSocketFactory tls;

    public PageFetcher(AddressGuard guard, String userAgent, Duration timeout, int maxBytes) {
        this(guard, userAgent, timeout, maxBytes, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    public PageFetcher(AddressGuard guard, String userAgent, Duration timeout, int maxBytes, SSLSocketFactory tls) {
        this.guard = guard;
        this.userAgent = userAgent;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.tls = tls;
    }

    public Response get(URI url) throws IOException, AddressGuard.RefusedAddressException {
        long deadline = System.nanoTime() + timeout.toNanos();
        InetAddress address = guard.vet(url.getHost());
        int port = CanonicalUrl.port(url);
        try (Socket socket = connect(url, address, port)) {
            String hostHeader = url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
            String request = "GET " + CanonicalUrl.pathAndQuery(url) + " HTTP/1.1\r\n"
                    + "Host: " + hostHeader + "\r\n"
                    + "User-Agent: " + userAgent + "\r\n"
                    + "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.1\r\n"
                    + "Accept-Encoding: identity\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new DeadlineStream(new BufferedInputStream(socket.getInputStream()), socket, deadline);
            int status;
            Map<String, String> headers;
            do { // skip interim 1xx answers
                status = statusCode(readLine(in));
                headers = readHeaders(in);
            } while (status / 100 == 1);
            if (status / 100 != 2) {
                return new Response(url, status, headers.get("content-type"), headers.get("location"), new byte[0], false);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            boolean complete = "chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", "").strip())
                    ? readChunked(in, body)
                    : readPlain(in, body, headers.get("content-length"));
            return new Response(url, status, headers.get("content-type"), headers.get("location"), body.toByteArray(), !complete);
        }
    }

    private Socket connect(URI url, InetAddress address, int port) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(address, port), (int) Math.max(1, timeout.toMillis()));
            if (!"https".equals(url.getScheme())) {
                return plain;
            }
            String host = url.getHost();
            SSLSocket socket = (SSLSocket) tls.createSocket(plain, host, port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
            if (!host.startsWith("[") && !Character.isDigit(host.charAt(host.length() - 1))) {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
            socket.setSSLParameters(parameters);
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** Reads up to the cap; true when the whole body was read. */
    private boolean readPlain(InputStream in, ByteArrayOutputStream body, String contentLength) throws IOException {
        long length = -1;
        if (contentLength != null) {
            try {
                length = Long.parseLong(contentLength.strip());
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + contentLength);
            }
        }
        long wanted = length < 0 ? Long.MAX_VALUE : length;
        copy(in, body, wanted);
        if (body.size() >= maxBytes) {
            return length >= 0 ? length <= maxBytes : in.read() == -1;
        }
        return true;
    }

    private boolean readChunked(InputStream in, ByteArrayOutputStream body) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            long size;
            try {
                size = Long.parseLong(sizeLine.split(";", 2)[0].strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + sizeLine);
            }
            if (size == 0) {
                readHeaders(in); // trailers
                return true;
            }
            copy(in, body, size);
            if (body.size() >= maxBytes) {
                return false; // past the cap: the rest is not read
            }
            readLine(in);
        }
    }

    /** Copies up to {@code count} bytes, never past the cap. */
    private void copy(InputStream in, ByteArrayOutputStream body, long count) throws IOException {
        byte[] buffer = new byte[8192];
        long left = count;
        while (left > 0 && body.size() < maxBytes) {
            int n = in.read(buffer, 0, (int) Math.min(Math.min(buffer.length, left), maxBytes - body.size()));
            if (n < 0) {
                if (count != Long.MAX_VALUE) {
                    throw new IOException("connection closed " + left + " bytes before the end of the body");
                }
                return;
            }
            body.write(buffer, 0, n);
            left -= n;
        }
    }

    private static int statusCode(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
    }

    /** Header names in lower case; of a repeated header the first. */
    private static Map<String, String> readHeaders(InputStream in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        int total = 0;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new IOException("response headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in the response head");
            }
            if (line.length() > MAX_HEADER_BYTES) {
                throw new IOException("response line longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** Gives every read only the time left until the exchange's deadline. */
    private static final class DeadlineStream extends InputStream {
        private final InputStream in;
        private final Socket socket;
        private final long deadline;

        DeadlineStream(InputStream in, Socket socket, long deadline) {
            this.in = in;
            this.socket = socket;
            this.deadline = deadline;
        }

        private void arm() throws IOException {
            long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (left <= 0) {
                throw new SocketTimeoutException("request timed out");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        }

        @Override
        public int read() throws IOException {
            arm();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return in.read(b, off, len);
        }
    }
}
