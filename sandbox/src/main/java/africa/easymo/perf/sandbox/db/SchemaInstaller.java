package africa.easymo.perf.sandbox.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/** Applies {@code db/schema.sql} (idempotent DDL) in one transaction. */
public final class SchemaInstaller {
    public static final String RESOURCE = "/db/schema.sql";

    private SchemaInstaller() {
    }

    public static void install(DataSource dataSource) {
        String ddl = read();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // Serialises concurrent installs into one external database.
                s.execute("select pg_advisory_xact_lock(54321)");
                s.execute(ddl);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sandbox schema " + RESOURCE + " could not be applied: " + e.getMessage(),
                    e);
        }
    }

    static String read() {
        try (InputStream in = SchemaInstaller.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("sandbox schema " + RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
