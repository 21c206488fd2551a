package africa.easymo.perf.sandbox.rest;

import africa.easymo.perf.sandbox.db.SchemaCatalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An error answer in PostgREST's shape: {@code {"code","details","hint","message"}} with nulls where absent. */
public final class PostgrestError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String details;
    private final String hint;

    public PostgrestError(int status, String code, String message, String details, String hint) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
        this.hint = hint;
    }

    public static PostgrestError badRequest(String code, String message, String details) {
        return new PostgrestError(400, code, message, details, null);
    }

    /** PGRST100: a query parameter PostgREST could not parse. */
    public static PostgrestError parse(String message, String details) {
        return new PostgrestError(400, "PGRST100", message, details, null);
    }

    public static PostgrestError unknownTable(String table) {
        return new PostgrestError(404, "PGRST205",
                "Could not find the table '" + SchemaCatalog.EXPOSED_SCHEMA + "." + table + "' in the schema cache",
                null, null);
    }

    public static PostgrestError unknownColumn(String table, String column) {
        return new PostgrestError(400, "PGRST204",
                "Could not find the '" + column + "' column of '" + table + "' in the schema cache", null, null);
    }

    /** PostgreSQL's own error for a filter, order or select on a column that does not exist. */
    public static PostgrestError undefinedColumn(String table, String column) {
        return new PostgrestError(400, "42703", "column " + table + "." + column + " does not exist", null, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String details() {
        return details;
    }

    public String hint() {
        return hint;
    }

    public String toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("code", code);
        n.put("details", details);
        n.put("hint", hint);
        n.put("message", getMessage());
        return n.toString();
    }
}
