package africa.easymo.perf.sandbox.rest;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns a database error into PostgREST's answer: its status for the SQLSTATE, and the server's own texts. */
public final class SqlErrors {
    private SqlErrors() {
    }

    public static PostgrestError toPostgrest(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            // Hikari gave up waiting for a free connection: PostgREST says the same thing this way.
            return new PostgrestError(504, "PGRST003", "Timed out acquiring connection from connection pool.", null,
                    null);
        }
        String state = e.getSQLState();
        String message = e.getMessage();
        String details = null;
        String hint = null;
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            message = m.getMessage();
            details = m.getDetail();
            hint = m.getHint();
            if (m.getSQLState() != null) {
                state = m.getSQLState();
            }
        }
        if (state == null) {
            return new PostgrestError(503, "PGRST001", "Database client error. Retrying the connection.",
                    e.getMessage(), null);
        }
        return new PostgrestError(status(state), state, message, details, hint);
    }

    /** PostgREST's SQLSTATE → HTTP status table (the part a sandbox can meet). */
    static int status(String state) {
        switch (state) {
        case "23503", "23505", "40001", "40P01":
            return 409;
        case "23502", "23514", "23P01", "21000", "42P10", "42703", "P0001":
            return 400;
        case "42P01", "42883":
            return 404;
        case "42501":
            return 403;
        case "25006":
            return 405;
        case "57014":
            return 500;
        default:
            break;
        }
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")) {
            return 503;
        }
        if (state.startsWith("22") || state.startsWith("23") || state.startsWith("42")) {
            return 400;
        }
        if (state.startsWith("28") || state.startsWith("0L") || state.startsWith("0P")) {
            return 403;
        }
        return 500;
    }
}
