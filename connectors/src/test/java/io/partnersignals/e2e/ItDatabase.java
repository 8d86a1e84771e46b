package io.partnersignals.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A database of its own for one run of the end-to-end test, on the local PostgreSQL
 * (127.0.0.1:5432, user postgres, trust authentication, as on this project's machines), with the
 * SQL of connectors/sql/ applied. Replication slots of the run are named {@link #slotPrefix()}...;
 * {@link #close()} drops them and the database. What an earlier run left behind (it was killed) is
 * dropped when the next one starts.
 */
final class ItDatabase implements AutoCloseable {

    static final String HOST = System.getProperty("partner-signals.pg.host", "127.0.0.1");
    static final int PORT = Integer.getInteger("partner-signals.pg.port", 5432);
    static final String USER = System.getProperty("partner-signals.pg.user", "postgres");
    private static final String PREFIX = "partner_signals_it_";
    private static final String SLOT_PREFIX = "ps_it_";

    private final String name;
    private final String slotPrefix;

    private ItDatabase(String name, String slotPrefix) {
        this.name = name;
        this.slotPrefix = slotPrefix;
    }

    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, USER, "");
    }

    /** Checks logical replication, removes what earlier runs left, creates the database and applies the SQL. */
    static ItDatabase create(Path sqlDir) throws SQLException, IOException {
        Connection first;
        try {
            first = connect("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL does not answer at " + HOST + ":" + PORT + " as user " + USER
                    + " (" + e.getMessage() + "): the connectors' integration test needs a local PostgreSQL; run "
                    + "connectors/postgres/setup.sh as root, as .ci/run does", e);
        }
        try (Connection admin = first; Statement st = admin.createStatement()) {
            try (ResultSet rs = st.executeQuery("show wal_level")) {
                rs.next();
                String level = rs.getString(1);
                if (!"logical".equals(level)) {
                    throw new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT + " has wal_level=" + level
                            + ", and Debezium needs logical: run connectors/postgres/setup.sh as root (it sets "
                            + "wal_level=logical and restarts PostgreSQL), as .ci/run does");
                }
            }
            st.execute("select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name like '"
                    + SLOT_PREFIX + "%' and not active");
            List<String> stale = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select datname from pg_database where datname like '" + PREFIX + "%'")) {
                while (rs.next()) {
                    stale.add(rs.getString(1));
                }
            }
            for (String db : stale) {
                st.execute("drop database if exists \"" + db + "\" with (force)");
            }
            String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            ItDatabase database = new ItDatabase(PREFIX + suffix, SLOT_PREFIX + suffix + "_");
            st.execute("create database \"" + database.name + "\"");
            try (Connection c = connect(database.name); Statement apply = c.createStatement();
                    Stream<Path> files = Files.list(sqlDir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                    apply.execute(Files.readString(file));
                }
            }
            return database;
        }
    }

    String name() {
        return name;
    }

    String slotPrefix() {
        return slotPrefix;
    }

    Connection connect() throws SQLException {
        return connect(name);
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

    @Override
    public void close() throws SQLException {
        try (Connection admin = connect("postgres"); Statement st = admin.createStatement()) {
            // a slot that is still active (a worker that did not stop) ends with its backend
            st.execute("select pg_terminate_backend(active_pid) from pg_replication_slots where slot_name like '"
                    + slotPrefix + "%' and active_pid is not null");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                try {
                    st.execute("select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name like '"
                            + slotPrefix + "%'");
                    break;
                } catch (SQLException e) { // still active for a moment
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
            st.execute("drop database if exists \"" + name + "\" with (force)");
        }
    }
}
